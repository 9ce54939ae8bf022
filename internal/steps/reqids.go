package steps

// The requirement ids the step code names, in one table: a check reports the id of the rule it
// applies. TestStepRequirementIDsAreInTheRegistry checks every one exists in
// spec/requirements.yaml; requirement ids appear nowhere else in the step code.
const (
	reqAct001    = "ISO-ACT-001"
	reqAct002    = "ISO-ACT-002"
	reqAct003    = "ISO-ACT-003"
	reqAct004    = "ISO-ACT-004"
	reqAct005    = "ISO-ACT-005"
	reqAct006    = "ISO-ACT-006"
	reqAct007    = "ISO-ACT-007"
	reqAct008    = "ISO-ACT-008"
	reqAct009    = "ISO-ACT-009"
	reqAuth001   = "ISO-AUTH-001"
	reqBody005   = "ISO-BODY-005"
	reqCancel001 = "ISO-CANCEL-001"
	reqErr001    = "ISO-ERR-001"
	reqErr002    = "ISO-ERR-002"
	reqErr004    = "ISO-ERR-004"
	reqGet001    = "ISO-GET-001"
	reqHdr002    = "ISO-HDR-002"
	reqHttp001   = "ISO-HTTP-001"
	reqList001   = "ISO-LIST-001"
	reqMget001   = "ISO-MGET-001"
	reqMlist001  = "ISO-MLIST-001"
	reqMlist002  = "ISO-MLIST-002"
	reqRate001   = "ISO-RATE-001"
	reqUni001    = "ISO-UNI-001"
)

// stepRequirementIDs lists the table, for the test.
func stepRequirementIDs() []string {
	return []string{
		reqAct001,
		reqAct002,
		reqAct003,
		reqAct004,
		reqAct005,
		reqAct006,
		reqAct007,
		reqAct008,
		reqAct009,
		reqAuth001,
		reqBody005,
		reqCancel001,
		reqErr001,
		reqErr002,
		reqErr004,
		reqGet001,
		reqHdr002,
		reqHttp001,
		reqList001,
		reqMget001,
		reqMlist001,
		reqMlist002,
		reqRate001,
		reqUni001,
	}
}
