Feature: http: the isolate operation's method and path
  Isolating is one POST to {base}/machines/{id}/isolate. Any other method on that path must not
  act: it is answered 405 Method Not Allowed and creates no machine action.

  @req:ISO-HTTP-001 @preview-2017 @current
  Scenario: A valid isolate request is answered 201 Created
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body {"Comment": "Isolate machine due to alert 1234", "IsolationType": "Full"}
    Then the response status is 201
    And the response is a MachineAction

  @req:ISO-HTTP-002 @preview-2017 @current
  Scenario Outline: <method> on the isolate path is answered 405 and does not act
    Given a machine the suite may isolate
    And an authorised caller
    When the caller sends <method> to the machine's isolate path
    Then the response status is 405
    And no action was created

    Examples:
      | method |
      | GET    |
      | PUT    |
      | PATCH  |
      | DELETE |

  @req:ISO-HTTP-003 @current
  Scenario Outline: The isolate operation is served under <prefix>
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine under the path prefix "<prefix>"
    Then the response status is 201
    And the response is a MachineAction

    Examples:
      | prefix    |
      | /api      |
      | /api/v1.0 |
