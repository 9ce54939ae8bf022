Feature: type: the IsolationType values
  IsolationType is optional. The 2017 preview accepts Full and Selective; the current API adds
  UnManagedDevice. Values and the property name are case-sensitive; anything else is answered
  400 Bad Request and creates no machine action.

  @preview-2017 @current
  Scenario Outline: IsolationType <type> is accepted
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with IsolationType "<type>"
    Then the response status is 201
    And the response is a MachineAction

    @req:ISO-TYPE-001
    Examples: Full
      | type |
      | Full |

    @req:ISO-TYPE-002
    Examples: Selective
      | type      |
      | Selective |

  @req:ISO-TYPE-003 @current
  Scenario: IsolationType UnManagedDevice is accepted
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with IsolationType "UnManagedDevice"
    Then the response status is 201
    And the response is a MachineAction

  @req:ISO-TYPE-004 @preview-2017 @current
  Scenario: A body without IsolationType is accepted
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body {"Comment": "isoconform: no IsolationType"}
    Then the response status is 201
    And the response is a MachineAction

  @req:ISO-TYPE-005 @preview-2017 @current
  Scenario Outline: An IsolationType outside the profile's values is answered 400 (<body>)
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body <body>
    Then the response status is 400
    And no action was created

    Examples:
      | body                                                |
      | {"Comment": "isoconform", "IsolationType": "Partial"} |
      | {"Comment": "isoconform", "IsolationType": ""}        |
      | {"Comment": "isoconform", "IsolationType": 1}         |
      | {"Comment": "isoconform", "IsolationType": null}      |

  @req:ISO-TYPE-006 @preview-2017 @current
  Scenario Outline: The wrongly cased IsolationType value <type> is answered 400
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with IsolationType "<type>"
    Then the response status is 400
    And no action was created

    Examples:
      | type      |
      | full      |
      | FULL      |
      | SELECTIVE |

  @req:ISO-TYPE-007 @preview-2017
  Scenario: In the 2017 preview, IsolationType UnManagedDevice is answered 400
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with IsolationType "UnManagedDevice"
    Then the response status is 400
    And no action was created

  @req:ISO-TYPE-008 @preview-2017 @current
  Scenario Outline: IsolationType under the wrongly cased property name <property> is answered 400
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body {"Comment": "isoconform: wrong case", "<property>": "Selective"}
    Then the response status is 400
    And no action was created

    Examples:
      | property      |
      | isolationType |
      | ISOLATIONTYPE |
