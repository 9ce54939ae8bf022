Feature: cancel: cancelling a machine action
  POST {base}/machineactions/{id}/cancel (current API, marked prerelease) cancels an action that
  is not yet in a final state: the answer is 200 with the action, now Cancelled. An unknown
  action id is answered 404; an action already final cannot be cancelled and stays as it was.

  @req:ISO-CANCEL-001 @current
  Scenario: A pending isolation can be cancelled
    Given a machine the suite may isolate
    And an authorised caller
    And the caller has isolated the machine
    When the caller cancels the isolation while it is pending
    Then the response status is 200
    And the action is Cancelled, with its cancellation requestor, comment and time set

  @req:ISO-CANCEL-002 @current
  Scenario: Cancelling an action id that does not exist is answered 404
    Given an authorised caller
    When the caller cancels a machine action id that does not exist
    Then the response status is 404
    And the response is the error envelope

  @req:ISO-CANCEL-003 @current
  Scenario: An isolation already final cannot be cancelled
    Given a machine the suite may isolate
    And an authorised caller
    And the caller has isolated the machine and the isolation is final
    When the caller cancels the isolation
    Then the response is a refusal (4xx) or the unchanged action
    And the isolation is still final and not Cancelled
