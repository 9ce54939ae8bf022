Feature: hdr: request and response headers
  The request body is JSON and must be sent as application/json; a body sent as anything else is
  refused (415 Unsupported Media Type, or 400) and creates no machine action. A successful
  isolation is answered with a JSON body.

  @req:ISO-HDR-001
  Scenario Outline: A JSON body sent as <content type> is refused
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with Content-Type "<content type>" and the body {"Comment": "isoconform: wrong content type", "IsolationType": "Full"}
    Then the response status is 415 or 400
    And no action was created

    @preview-2017
    Examples: preview-2017 (the seed lists Content-Type without marking it required)
      | content type                      |
      | text/plain                        |
      | application/x-www-form-urlencoded |

    @current
    Examples: current
      | content type                      |
      | text/plain                        |
      | application/x-www-form-urlencoded |

  @req:ISO-HDR-002 @preview-2017 @current
  Scenario: A successful isolation is answered as application/json
    Given a machine the suite may isolate
    And an authorised caller
    When the caller isolates the machine with the body {"Comment": "Isolate machine due to alert 1234", "IsolationType": "Full"}
    Then the response status is 201
    And the response Content-Type is application/json
