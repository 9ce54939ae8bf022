Feature: dup: a second isolate while the first is pending
  Isolating a machine whose isolation is still pending must not create a second action: the
  second request is answered 400 "Action is already in progress", or 201 with the pending
  action's id. (The scenario is skipped, with that reason, if the target finishes the first
  isolation before the second request can be sent.)

  @req:ISO-DUP-001 @preview-2017 @current
  Scenario: A second isolate of a machine whose isolation is pending creates no second action
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body {"Comment": "Isolate machine due to alert 1234", "IsolationType": "Full"}
    And the caller isolates the same machine again while the first isolation is pending
    Then the second answer is 400 "Action is already in progress" or 201 with the first action's id
