Feature: get: reading machine actions and machines
  The suite follows its actions with GET {base}/machineactions/{id} and lists them with
  GET {base}/machineactions; before isolating, integrations look the machine up with
  GET {base}/machines/{id}.

  @req:ISO-GET-001 @preview-2017 @current
  Scenario: A created action can be fetched by its id
    Given a machine the suite may isolate
    And an authorised caller
    And the caller has isolated the machine
    When the caller fetches the action
    Then the response status is 200
    And the response is the same action: same id, type and machineId

  @req:ISO-GET-002 @preview-2017 @current
  Scenario: Fetching an action id that does not exist is answered 404
    Given an authorised caller
    When the caller fetches a machine action id that does not exist
    Then the response status is 404

  @req:ISO-LIST-001 @preview-2017 @current
  Scenario: The list of machine actions, filtered on the machine, holds the created action
    Given a machine the suite may isolate
    And an authorised caller
    And the caller has isolated the machine
    When the caller lists the machine actions filtered on the machine
    Then the response status is 200
    And the list holds the created action

  @req:ISO-MGET-001 @preview-2017 @current
  Scenario: A configured machine can be fetched by its id
    Given a machine the suite may isolate
    And an authorised caller
    When the caller fetches the machine
    Then the response status is 200
    And the response is the machine

  @req:ISO-MLIST-001 @current
  Scenario: A machine can be looked up by its computerDnsName
    Given a machine the suite may isolate
    And an authorised caller
    When the caller looks the machine up by its computerDnsName
    Then the response status is 200
    And the list holds the machine

  @req:ISO-MLIST-001 @current
  Scenario: $top and $skip page the machine list
    Given an authorised caller
    When the caller reads the machines one at a time with $top=1, first with $skip=0, then with $skip=1
    Then each page holds at most one machine, and the two pages differ

  @req:ISO-MLIST-002 @current
  Scenario Outline: An OData query the service does not support is answered 400 (<query>)
    Given an authorised caller
    When the caller lists the machines with the query "<query>"
    Then the response status is 400
    And the response is an OData error: a message, the code ODataError or empty

    Examples:
      | query                                  |
      | $stop=1                                |
      | $filter=computerDnsName startswith 'x' |
