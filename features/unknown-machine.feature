Feature: mach: a machine that does not exist
  Isolating a machine id the target does not know is answered 404 Not Found with the error code
  ResourceNotFound, whatever the shape of the id.

  @req:ISO-MACH-001 @preview-2017 @current
  Scenario Outline: Isolating a machine that does not exist is answered 404 ResourceNotFound (<shape>)
    Given <machine>
    And an authorised caller
    When the caller isolates the machine with the body {"Comment": "isoconform: unknown machine", "IsolationType": "Full"}
    Then the response status is 404
    And the response is an error with code "ResourceNotFound"

    Examples:
      | shape              | machine                                                   |
      | a 40-hex id        | a machine id that does not exist                          |
      | an id of any shape | the machine id "isoconform-no-such-machine" that does not exist |
