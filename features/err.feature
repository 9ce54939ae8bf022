Feature: err: the error envelope
  Every error answer is a JSON body {"error": {"code", "message", "target"}}, each a string, the
  code not empty, sent as application/json and never as an HTML or text page. A 400 carries one of the documented 400 codes. A server error is a 500 with
  the code InternalServerError. A status marked (precondition) only sets the scene: a target
  that answers otherwise leaves the scenario not checked, and the scenario of the rule it broke
  fails instead.

  @req:ISO-ERR-001 @req:ISO-ERR-002 @preview-2017 @current
  Scenario: A 400 is the JSON error envelope
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body {"IsolationType": "Full"}
    Then the response status is 400 (precondition)
    And the response Content-Type is application/json
    And the response is the error envelope

  @req:ISO-ERR-001 @req:ISO-ERR-002 @preview-2017 @current
  Scenario: A 401 is the JSON error envelope
    Given a machine the suite may isolate
    And a caller without an Authorization header
    When the caller isolates the machine with the body {"Comment": "isoconform: no token", "IsolationType": "Full"}
    Then the response status is 401 (precondition)
    And the response Content-Type is application/json
    And the response is the error envelope

  @req:ISO-ERR-001 @req:ISO-ERR-002 @preview-2017 @current
  Scenario: A 404 is the JSON error envelope
    Given a machine id that does not exist
    And an authorised caller
    When the caller isolates the machine with the body {"Comment": "isoconform: unknown machine", "IsolationType": "Full"}
    Then the response status is 404 (precondition)
    And the response Content-Type is application/json
    And the response is the error envelope

  @req:ISO-ERR-003 @preview-2017 @current
  Scenario Outline: A 400 carries a documented 400 code (<kind>)
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body <body>
    Then the response status is 400 (precondition)
    And the response is an error with one of the codes "BadRequest, ODataError, InvalidInput, InvalidRequestBody, InvalidHashValue, InvalidDomainName, InvalidIpAddress, InvalidUrl, MaximumBatchSizeExceeded, MissingRequiredParameter, OsPlatformNotSupported, ClientVersionNotSupported, ActiveRequestAlreadyExists"

    Examples:
      | kind                   | body                                                  |
      | no Comment             | {"IsolationType": "Full"}                             |
      | an unknown type        | {"Comment": "isoconform", "IsolationType": "Partial"} |
      | a Comment not a string | {"Comment": 1234, "IsolationType": "Full"}            |

  @req:ISO-ERR-004 @preview-2017 @current
  Scenario Outline: A hostile body never gets a bare server error (<kind>)
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the generated body "<kind>"
    Then the response is not a server error other than 500 with the code InternalServerError

    Examples:
      | kind                              |
      | a Comment of 64 KiB               |
      | JSON nested 10,000 levels deep     |
      | a Comment with invalid UTF-8 bytes |
