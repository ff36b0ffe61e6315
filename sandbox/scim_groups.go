package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/scimharness/scimharness/sandbox/engine"
)

func groupKind(s *Sandbox) resourceKind {
	return resourceKind{
		kind:     KindGroup,
		name:     "Group",
		rs:       s.groups,
		check:    s.checkGroup,
		prePatch: s.checkDuplicateMemberAdd,
		written:  s.groupWritten,
		deleted:  s.groupDeleted,
		renderer: renderGroup,
	}
}

// checkGroup requires a displayName and members that are existing users;
// members are de-duplicated and stored as {value, type}, display is computed.
func (s *Sandbox) checkGroup(tx Tx, old, next engine.Resource) *engine.Error {
	if strings.TrimSpace(str(next["displayName"])) == "" {
		return engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidValue, "expected a non-empty displayName, got %v", next["displayName"])
	}
	if s.renameDropsMembers(old, next) {
		delete(next, "members")
	}
	raw, present := next["members"]
	if !present || raw == nil {
		delete(next, "members")
		return nil
	}
	list, ok := raw.([]any)
	if !ok {
		return engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidValue, "expected members as an array, got %s", jsonKind(raw))
	}
	seen := map[string]bool{}
	members := make([]any, 0, len(list))
	for _, item := range list {
		m, _ := item.(map[string]any)
		id := str(m["value"])
		if id == "" {
			return engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidValue, "expected each member to carry a user id in value, got %v", item)
		}
		if !tx.Has(KindUser, id) {
			return engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidValue, "expected members to be existing user ids, got %q", id)
		}
		if !seen[id] {
			seen[id] = true
			members = append(members, map[string]any{"value": id, "type": "User"})
		}
	}
	members = s.loseMemberAdd(old, members)
	if len(members) == 0 {
		delete(next, "members") // RFC 7643 §2.5: an empty multi-valued attribute is unassigned
		return nil
	}
	next["members"] = members
	return nil
}

// patchOp is the part of a PATCH operation the duplicate-member fault needs.
type patchOp struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	Value json.RawMessage `json:"value"`
}

// checkDuplicateMemberAdd implements the duplicate-member-add-409 fault:
// an add of an existing member answers 409, which Entra's repeated adds trip.
func (s *Sandbox) checkDuplicateMemberAdd(_ Tx, old engine.Resource, body []byte) *engine.Error {
	if !s.faults.on(FaultDuplicateMemberAdd409) {
		return nil
	}
	var req struct {
		Operations []patchOp `json:"Operations"`
	}
	if json.Unmarshal(body, &req) != nil {
		return nil // the engine reports the syntax error
	}
	for _, op := range req.Operations {
		if !strings.EqualFold(op.Op, "add") {
			continue
		}
		var values []struct {
			Value string `json:"value"`
		}
		switch {
		case strings.EqualFold(op.Path, "members"):
			_ = json.Unmarshal(op.Value, &values)
		case op.Path == "":
			var obj struct {
				Members []struct {
					Value string `json:"value"`
				} `json:"members"`
			}
			_ = json.Unmarshal(op.Value, &obj)
			values = obj.Members
		}
		for _, v := range values {
			if hasMember(old, v.Value) {
				return engine.Errorf(http.StatusConflict, engine.ScimTypeUniqueness, "member %q is already in the group", v.Value)
			}
		}
	}
	return nil
}

// groupWritten mirrors a SCIM group onto the console's group; with the
// groups-not-synced fault, membership never reaches the console.
func (s *Sandbox) groupWritten(tx Tx, old, g engine.Resource) {
	id := str(g["id"])
	cg, ok := tx.GroupByScimID(id)
	if !ok {
		cg = CantaraGroup{ID: newID(), ScimID: id, Members: []string{}}
	}
	if !ok || !s.faults.on(FaultGroupRenameNotSynced) {
		cg.DisplayName = str(g["displayName"])
	}
	tx.PutGroup(cg)
	if !s.faults.on(FaultGroupsNotSynced) {
		s.syncGroupMembers(tx, g)
	}
}

// syncGroupMembers sets the console group's members to the accounts of the
// SCIM group's member users.
func (s *Sandbox) syncGroupMembers(tx Tx, g engine.Resource) {
	cg, ok := tx.GroupByScimID(str(g["id"]))
	if !ok {
		return
	}
	cg.Members = []string{}
	for _, uid := range memberIDs(g) {
		if a, ok := tx.AccountByScimID(uid); ok {
			cg.Members = append(cg.Members, a.ID)
		}
	}
	tx.PutGroup(cg)
}

func (s *Sandbox) groupDeleted(tx Tx, old engine.Resource) {
	if s.faults.on(FaultGroupDeleteNotSynced) {
		return
	}
	if cg, ok := tx.GroupByScimID(str(old["id"])); ok {
		tx.DeleteGroup(cg.ID)
	}
}

// memberIDs lists the user ids in a group's members.
func memberIDs(g engine.Resource) []string {
	list, _ := g["members"].([]any)
	out := make([]string, 0, len(list))
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			if id := str(m["value"]); id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

func hasMember(g engine.Resource, userID string) bool {
	return slices.Contains(memberIDs(g), userID)
}

func withoutMember(members any, userID string) []any {
	list, _ := members.([]any)
	out := make([]any, 0, len(list))
	for _, item := range list {
		if m, ok := item.(map[string]any); ok && str(m["value"]) == userID {
			continue
		}
		out = append(out, item)
	}
	return out
}

func removeString(list []string, v string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == v })
}

// renderGroup fills each member's display and $ref from the current users.
func renderGroup(c *scimCtx, tx Tx) func(engine.Resource) engine.Resource {
	return func(g engine.Resource) engine.Resource {
		list, ok := g["members"].([]any)
		if !ok {
			return g
		}
		out := make([]any, 0, len(list))
		for _, item := range list {
			m, _ := item.(map[string]any)
			id := str(m["value"])
			member := map[string]any{"value": id, "$ref": c.base + "/Users/" + id, "type": "User"}
			if d, ok := tx.Display(KindUser, id); ok {
				member["display"] = d
			}
			out = append(out, member)
		}
		g["members"] = out
		return g
	}
}
