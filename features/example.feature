Feature: ex: the document's own example
  The 2017 document's example request is not JSON: it quotes IsolationType and Full with
  typographic quotes (“IsolationType”: “Full”). Sent byte for byte it must be refused as a bad
  request, never accepted and never a server error. With its quotes corrected it must be
  accepted with a MachineAction like the example's response.

  @req:ISO-EX-001 @preview-2017 @current
  Scenario: The document's example request, verbatim, is answered 400
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the request body of fixture "seed-example-request-verbatim.txt"
    Then the response status is 400
    And no action was created

  @req:ISO-EX-002 @preview-2017 @current
  Scenario: The document's example request, quotes corrected, is answered 201 with a MachineAction
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the request body of fixture "seed-example-request-corrected.json"
    Then the response status is 201
    And the response is a MachineAction
    And the action's type is "Isolate"
    And the action's machineId is the machine's id
    And the action's requestorComment is "Isolate machine due to alert 1234"
