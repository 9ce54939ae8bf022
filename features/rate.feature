Feature: rate: throttling
  Past 100 calls per minute per application and tenant, the current API answers 429 Too Many
  Requests with a Retry-After header in whole seconds and the error code TooManyRequests. The
  scenario spends a dedicated token (role rate-limit) so that no other scenario is throttled,
  and sends only reads.

  @req:ISO-RATE-001 @current
  Scenario: More than 100 calls in a minute are answered 429 with Retry-After
    Given a caller with a token for role "rate-limit"
    When the caller lists machine actions with $top=1 until it is throttled, at most 150 times
    Then the response status is 429
    And the response has a Retry-After header in whole seconds
    And the response is an error with code "TooManyRequests"
