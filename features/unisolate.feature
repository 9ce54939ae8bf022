Feature: uni: releasing a machine
  The suite releases every machine it isolates with POST {base}/machines/{id}/unisolate, which
  answers 201 with a MachineAction of type Unisolate.

  @req:ISO-UNI-001 @preview-2017 @current
  Scenario: Releasing an isolated machine is answered 201 with an Unisolate action
    Given a machine the suite may isolate
    And an authorised caller
    And the caller has isolated the machine and the isolation is final
    When the caller releases the machine
    Then the response status is 201
    And the response is a MachineAction
    And the action's type is "Unisolate"
    And the action's machineId is the machine's id
