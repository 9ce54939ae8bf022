Feature: auth: who is refused before anything happens
  A request without a valid bearer token issued by the target's identity provider is answered
  401 Unauthorized and creates no machine action. A refused token never isolates a machine.

  @req:ISO-AUTH-001 @preview-2017 @current
  Scenario: A request without an Authorization header is answered 401
    Given a machine the suite may isolate
    And a caller without an Authorization header
    When the caller isolates the machine with the body {"Comment": "isoconform: no token", "IsolationType": "Full"}
    Then the response status is 401
    And no action was created

  @req:ISO-AUTH-002 @preview-2017 @current
  Scenario Outline: An Authorization header that is not a well-formed Bearer token is answered 401 (<header>)
    Given a machine the suite may isolate
    And a caller whose Authorization header is "<header>"
    When the caller isolates the machine with the body {"Comment": "isoconform: malformed header", "IsolationType": "Full"}
    Then the response status is 401
    And no action was created

    Examples:
      | header                        |
      | Basic aXNvY29uZm9ybTpzZWNyZXQ= |
      | Bearer                        |
      | Bearer not-a-jwt              |
      | Token {authorised token}      |
      | {authorised token}            |

  @req:ISO-AUTH-003 @preview-2017 @current
  Scenario: A token signed by a key the target does not know is answered 401
    Given a machine the suite may isolate
    And a caller with a token signed by an unknown key
    When the caller isolates the machine with the body {"Comment": "isoconform: forged token", "IsolationType": "Full"}
    Then the response status is 401
    And no action was created

  @req:ISO-AUTH-003 @preview-2017 @current
  Scenario: A valid token whose claims were altered after signing is answered 401
    Given a machine the suite may isolate
    And a caller with an authorised token whose claims were altered after signing
    When the caller isolates the machine with the body {"Comment": "isoconform: tampered token", "IsolationType": "Full"}
    Then the response status is 401
    And no action was created

  @req:ISO-AUTH-003 @preview-2017 @current
  Scenario: A valid token re-sent unsigned, with the algorithm "none", is answered 401
    Given a machine the suite may isolate
    And a caller with an authorised token re-sent unsigned with the algorithm "none"
    When the caller isolates the machine with the body {"Comment": "isoconform: unsigned token", "IsolationType": "Full"}
    Then the response status is 401
    And no action was created

  @req:ISO-AUTH-003 @preview-2017 @current
  Scenario: A validly signed token naming another issuer is answered 401
    Given a machine the suite may isolate
    And a caller with a token for role "wrong-issuer"
    When the caller isolates the machine with the body {"Comment": "isoconform: wrong issuer", "IsolationType": "Full"}
    Then the response status is 401
    And no action was created

  @req:ISO-AUTH-004 @preview-2017 @current
  Scenario: An expired token is answered 401
    Given a machine the suite may isolate
    And a caller with a token for role "expired"
    When the caller isolates the machine with the body {"Comment": "isoconform: expired token", "IsolationType": "Full"}
    Then the response status is 401
    And no action was created

  @req:ISO-AUTH-005 @preview-2017 @current
  Scenario: A token issued for another audience is not honoured
    Given a machine the suite may isolate
    And a caller with a token for role "wrong-audience"
    When the caller isolates the machine with the body {"Comment": "isoconform: wrong audience", "IsolationType": "Full"}
    Then the response status is 401 or 403
    And no action was created

  @req:ISO-AUTH-006 @preview-2017 @current
  Scenario: A 401 carries the error code Unauthorized
    Given a machine the suite may isolate
    And a caller without an Authorization header
    When the caller isolates the machine with the body {"Comment": "isoconform: no token", "IsolationType": "Full"}
    Then the response status is 401 (precondition)
    And the response is an error with code "Unauthorized"

  @req:ISO-AUTH-006
  Scenario Outline: A 403 carries the error code Forbidden
    Given a machine the suite may isolate
    And a caller with a token for role "<role>"
    When the caller isolates the machine with the body {"Comment": "isoconform: not allowed", "IsolationType": "Full"}
    Then the response status is 403 (precondition)
    And the response is an error with code "Forbidden"

    @preview-2017
    Examples: preview-2017
      | role    |
      | no-role |

    @current
    Examples: current
      | role          |
      | no-permission |
