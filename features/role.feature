Feature: role: who may isolate
  In the 2017 preview, a user may isolate when their directory roles include Security
  Administrator or Global Administrator. In the current API, a token may isolate when it carries
  the Machine.Isolate permission: in its roles claim (an application) or its scp claim (a user).
  Any other valid token is answered 403 Forbidden and creates no machine action.

  @preview-2017
  Scenario Outline: A user with the <directory role> role may isolate
    Given a machine the suite may isolate
    And a caller with a token for role "<role>"
    When the caller isolates the machine with the body {"Comment": "Isolate machine due to alert 1234", "IsolationType": "Full"}
    Then the response status is 201
    And the response is a MachineAction

    @req:ISO-ROLE-001
    Examples: Security Administrator
      | directory role         | role                   |
      | Security Administrator | security-administrator |

    @req:ISO-ROLE-002
    Examples: Global Administrator
      | directory role       | role                 |
      | Global Administrator | global-administrator |

  @req:ISO-ROLE-003 @preview-2017
  Scenario: A user without either role is answered 403
    Given a machine the suite may isolate
    And a caller with a token for role "no-role"
    When the caller isolates the machine with the body {"Comment": "isoconform: no role", "IsolationType": "Full"}
    Then the response status is 403
    And no action was created

  @current
  Scenario Outline: A token holding Machine.Isolate as <kind> may isolate
    Given a machine the suite may isolate
    And a caller with a token for role "<role>"
    When the caller isolates the machine with the body {"Comment": "Isolate machine due to alert 1234", "IsolationType": "Full"}
    Then the response status is 201
    And the response is a MachineAction

    @req:ISO-ROLE-004
    Examples: application permission
      | kind                                    | role            |
      | an application permission (roles claim) | machine-isolate |

    @req:ISO-ROLE-006
    Examples: delegated permission
      | kind                                | role                      |
      | a delegated permission (scp claim) | machine-isolate-delegated |

  @req:ISO-ROLE-005 @current
  Scenario: A token without Machine.Isolate is answered 403
    Given a machine the suite may isolate
    And a caller with a token for role "no-permission"
    When the caller isolates the machine with the body {"Comment": "isoconform: no permission", "IsolationType": "Full"}
    Then the response status is 403
    And no action was created
