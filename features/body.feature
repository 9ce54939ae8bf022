Feature: body: the Comment and the shape of the request body
  The body is a JSON object whose Comment (a string) is required. Property names are
  case-sensitive. A body that breaks these rules is answered 400 Bad Request, never a server
  error, and creates no machine action. The action records the Comment exactly as sent.

  @req:ISO-BODY-001 @preview-2017 @current
  Scenario Outline: A body without Comment is answered 400 (<body>)
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body <body>
    Then the response status is 400
    And no action was created

    Examples:
      | body                     |
      | {"IsolationType": "Full"} |
      | {}                       |

  @req:ISO-BODY-002 @preview-2017 @current
  Scenario Outline: A Comment that is not a string is answered 400 (<kind>)
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body <body>
    Then the response status is 400
    And no action was created

    Examples:
      | kind     | body                                                  |
      | a number | {"Comment": 1234, "IsolationType": "Full"}            |
      | null     | {"Comment": null, "IsolationType": "Full"}            |
      | an object | {"Comment": {"text": "isoconform"}, "IsolationType": "Full"} |
      | an array | {"Comment": ["isoconform"], "IsolationType": "Full"}  |
      | a boolean | {"Comment": true, "IsolationType": "Full"}           |

  @req:ISO-BODY-003 @preview-2017 @current
  Scenario Outline: A comment under the wrongly cased property name <property> is answered 400
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body {"<property>": "isoconform: wrong case", "IsolationType": "Full"}
    Then the response status is 400
    And no action was created

    Examples:
      | property |
      | comment  |
      | COMMENT  |

  @req:ISO-BODY-004 @preview-2017 @current
  Scenario Outline: A body that is not a JSON object is answered 400, never 5xx (<kind>)
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the request body of fixture "<fixture>"
    Then the response status is 400
    And no action was created

    Examples:
      | kind              | fixture                    |
      | truncated JSON    | invalid-truncated.json     |
      | an empty body     | invalid-empty.txt          |
      | a JSON array      | invalid-not-an-object.json |

  @req:ISO-BODY-004 @preview-2017 @current
  Scenario Outline: A body that is a JSON scalar is answered 400, never 5xx (<body>)
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body <body>
    Then the response status is 400
    And no action was created

    Examples:
      | body                           |
      | "Isolate machine due to alert" |
      | null                           |
      | 42                             |

  @req:ISO-BODY-005 @preview-2017 @current
  Scenario Outline: The action records the Comment character for character (<kind>)
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body <body>
    Then the response status is 201
    And the action's requestorComment is the Comment sent

    Examples:
      | kind                       | body                                                                                   |
      | plain text                 | {"Comment": "Isolate machine due to alert 1234", "IsolationType": "Full"}             |
      | quotes, accents and emoji  | {"Comment": "Alerte « 1234 » – \"lateral movement\" on café-pc ✓ 🔒", "IsolationType": "Full"} |
      | surrounding white space    | {"Comment": "  leading and trailing spaces  ", "IsolationType": "Full"}               |
      | an escaped line break      | {"Comment": "line one\\nline two", "IsolationType": "Full"}                             |
