package simulator

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// maxListPages bounds a list-all group look-up (Ping, Okta) on a huge tenant.
const maxListPages = 50

// CreateGroup finds the group first (the dialect's way) and creates it only
// when missing; a found group is linked (g.Linked).
func (p *IdP) CreateGroup(ctx context.Context, g *Group) (*Exchange, error) {
	p.begin()
	d := p.Dialect
	var ex *Exchange
	var err error
	var found string
	switch d.GroupLookup {
	case GroupLookupFilter:
		ex, found, err = p.findGroupByFilter(ctx, g.DisplayName)
	case GroupLookupList:
		ex, found, err = p.findGroupByListing(ctx, g.DisplayName)
	}
	if err != nil {
		return ex, err
	}
	if found != "" {
		g.ID, g.Linked = found, true
		return ex, nil
	}
	doc := map[string]any{"schemas": []string{SchemaGroup}, "displayName": g.DisplayName}
	if d.GroupExternalID && g.ExternalID != "" {
		doc["externalId"] = g.ExternalID
	}
	var inline []*User
	if d.GroupInlineMembers {
		for _, u := range g.Members {
			if u.ID != "" {
				inline = append(inline, u)
			}
		}
	}
	switch {
	case len(inline) > 0:
		doc["members"] = p.memberValues(inline)
	case d.GroupEmptyMembers:
		doc["members"] = []any{}
	}
	ex, err = p.call(ctx, http.MethodPost, "/Groups", "", doc, "create group", http.StatusCreated)
	if err != nil {
		return ex, err
	}
	head, err := parseHead(ex, ex.ResponseBody, "create group")
	if err != nil {
		return ex, err
	}
	g.ID, g.Linked = head.ID, false
	if !d.GroupInlineMembers {
		// Members not sent in the POST are pushed later by AddMembers.
		g.Members = nil
	} else {
		g.Members = inline
	}
	return ex, nil
}

func (p *IdP) findGroupByFilter(ctx context.Context, name string) (*Exchange, string, error) {
	ex, err := p.call(ctx, http.MethodGet, "/Groups", p.Dialect.GroupLookupRawQuery(name), nil, "create group: look-up", http.StatusOK)
	if err != nil {
		return ex, "", err
	}
	list, err := parseList(ex, "create group: look-up")
	if err != nil || list.TotalResults == 0 || len(list.Resources) == 0 {
		return ex, "", err
	}
	head, err := parseHead(ex, list.Resources[0], "create group: look-up")
	return ex, head.ID, err
}

// findGroupByListing pages through every group and matches the name
// locally, as Ping (and Okta's group push) do.
func (p *IdP) findGroupByListing(ctx context.Context, name string) (*Exchange, string, error) {
	query := p.Dialect.GroupLookupQuery
	var ex *Exchange
	seen := 0
	for page := 0; page < maxListPages; page++ {
		var err error
		ex, err = p.call(ctx, http.MethodGet, "/Groups", query, nil, "create group: list groups", http.StatusOK)
		if err != nil {
			return ex, "", err
		}
		list, err := parseList(ex, "create group: list groups")
		if err != nil {
			return ex, "", err
		}
		for _, raw := range list.Resources {
			head, err := parseHead(ex, raw, "create group: list groups")
			if err != nil {
				return ex, "", err
			}
			if strings.EqualFold(head.DisplayName, name) {
				return ex, head.ID, nil
			}
		}
		seen += len(list.Resources)
		if len(list.Resources) == 0 || seen >= list.TotalResults {
			return ex, "", nil
		}
		count := list.ItemsPerPage
		if count <= 0 {
			count = len(list.Resources)
		}
		query = fmt.Sprintf("startIndex=%d&count=%d", seen+1, count)
	}
	return ex, "", nil
}

// RenameGroup changes displayName the dialect's way.
func (p *IdP) RenameGroup(ctx context.Context, g *Group, newName string) (*Exchange, error) {
	p.begin()
	if g.ID == "" {
		return nil, fmt.Errorf("rename group %q: expected a created group (with a SCIM id), got none", g.DisplayName)
	}
	d := p.Dialect
	g.DisplayName = newName
	op := patchOp{Op: d.Op("replace"), Path: "displayName", Value: newName}
	if d.GroupRename == RenamePatchNoPath {
		op = patchOp{Op: d.Op("replace"), Value: map[string]any{"id": g.ID, "displayName": newName}}
	}
	return p.call(ctx, http.MethodPatch, resourcePath("Groups", g.ID), "", patch(op), "rename group", okPatch...)
}

// DeleteGroup deletes the group (204 expected, RFC 7644 §3.6).
func (p *IdP) DeleteGroup(ctx context.Context, g *Group) (*Exchange, error) {
	p.begin()
	if g.ID == "" {
		return nil, fmt.Errorf("delete group %q: expected a created group (with a SCIM id), got none", g.DisplayName)
	}
	return p.call(ctx, http.MethodDelete, resourcePath("Groups", g.ID), "", nil, "delete group", http.StatusNoContent)
}

// AddMembers adds users to g in one PATCH. Entra re-sends adds for existing
// members, so the target must answer 2xx to a repeated add (quirk 7).
func (p *IdP) AddMembers(ctx context.Context, g *Group, users ...*User) (*Exchange, error) {
	p.begin()
	if err := checkMembers("add members to", g, users); err != nil {
		return nil, err
	}
	body := patch(patchOp{Op: p.Dialect.Op("add"), Path: "members", Value: p.memberValues(users)})
	ex, err := p.call(ctx, http.MethodPatch, resourcePath("Groups", g.ID), "", body, "add members", okPatch...)
	if err == nil {
		for _, u := range users {
			if !hasMember(g, u) {
				g.Members = append(g.Members, u)
			}
		}
	}
	return ex, err
}

// RemoveMembers removes users from g: one filtered-path op per member, or
// one op with a value array (which must remove only those members, quirk 6).
func (p *IdP) RemoveMembers(ctx context.Context, g *Group, users ...*User) (*Exchange, error) {
	p.begin()
	if err := checkMembers("remove members from", g, users); err != nil {
		return nil, err
	}
	d := p.Dialect
	var ops []patchOp
	if d.MemberRemove == MemberRemoveByValueArray {
		values := make([]any, 0, len(users))
		for _, u := range users {
			values = append(values, map[string]any{"value": u.ID})
		}
		ops = append(ops, patchOp{Op: d.Op("remove"), Path: "members", Value: values})
	} else {
		for _, u := range users {
			ops = append(ops, patchOp{Op: d.Op("remove"), Path: "members[value eq " + quoteFilterValue(u.ID) + "]"})
		}
	}
	ex, err := p.call(ctx, http.MethodPatch, resourcePath("Groups", g.ID), "", patch(ops...), "remove members", okPatch...)
	if err == nil {
		kept := g.Members[:0]
		for _, m := range g.Members {
			if !containsUser(users, m) {
				kept = append(kept, m)
			}
		}
		g.Members = kept
	}
	return ex, err
}

func (p *IdP) memberValues(users []*User) []any {
	out := make([]any, 0, len(users))
	for _, u := range users {
		m := map[string]any{"value": u.ID}
		if p.Dialect.MemberRefNull {
			m["$ref"] = nil
		}
		if p.Dialect.MemberDisplay {
			m["display"] = u.UserName
		}
		out = append(out, m)
	}
	return out
}

func checkMembers(what string, g *Group, users []*User) error {
	if g.ID == "" {
		return fmt.Errorf("%s group %q: expected a created group (with a SCIM id), got none", what, g.DisplayName)
	}
	if len(users) == 0 {
		return fmt.Errorf("%s group %q: expected at least one user, got none", what, g.DisplayName)
	}
	for _, u := range users {
		if u.ID == "" {
			return fmt.Errorf("%s group %q: expected provisioned users, got %s without a SCIM id", what, g.DisplayName, u.UserName)
		}
	}
	return nil
}

func hasMember(g *Group, u *User) bool { return containsUser(g.Members, u) }

func containsUser(list []*User, u *User) bool {
	for _, m := range list {
		if m == u || (m.ID != "" && m.ID == u.ID) {
			return true
		}
	}
	return false
}
