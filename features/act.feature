Feature: act: the MachineAction a successful isolation returns
  The 201 body is a MachineAction describing the isolation just requested: a GUID id, type
  Isolate, the machine from the request path, a status a new action may have, RFC 3339
  timestamps, the requestor, and the OData context of a single MachineAction. Its id is its
  own: every action the suite creates in a run is checked against the ids of the others
  (ISO-ACT-001 fails in whichever scenario meets an id already given to another action).

  @req:ISO-ACT-001 @req:ISO-ACT-002 @req:ISO-ACT-003 @req:ISO-ACT-004 @req:ISO-ACT-005 @req:ISO-ACT-006 @req:ISO-ACT-007 @req:ISO-ACT-009
  @preview-2017 @current
  Scenario: The 201 body describes the isolation just requested
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body {"Comment": "Isolate machine due to alert 1234", "IsolationType": "Full"}
    Then the response status is 201
    And the response is a MachineAction whose id is a GUID
    And the action's type is "Isolate"
    And the action's machineId is the machine's id
    And the action's status is a documented status, and not Failed, TimeOut or Cancelled
    And the action's creation and last-update times are RFC 3339 date-times, the last update not before the creation
    And the action's requestor is a non-empty string
    And the action's @odata.context ends with "$metadata#MachineActions/$entity"
    And the action carries every property of the profile's MachineAction schema

  @req:ISO-ACT-008 @current
  Scenario Outline: The action's scope echoes IsolationType <type>
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with IsolationType "<type>"
    Then the response status is 201
    And the action's scope is "<type>"

    Examples:
      | type      |
      | Full      |
      | Selective |
