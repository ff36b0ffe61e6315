package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// patchOp is one RFC 7644 §3.5.2 operation; field order is the order IdPs write.
type patchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path,omitempty"`
	Value any    `json:"value,omitempty"`
}

type patchBody struct {
	Schemas    []string  `json:"schemas"`
	Operations []patchOp `json:"Operations"`
}

func patch(ops ...patchOp) patchBody {
	return patchBody{Schemas: []string{SchemaPatchOp}, Operations: ops}
}

// Provision does what an IdP does when a user is assigned: look the user up
// with the dialect's exact filter, and create it only when the look-up finds
// nothing. When it finds the user, the IdP links to it (u.Linked) and, if
// the target holds it inactive while the IdP has it active, activates it;
// the decisive exchange is then the look-up (or the activation).
func (p *IdP) Provision(ctx context.Context, u *User) (*Exchange, error) {
	p.begin()
	return p.provision(ctx, u)
}

func (p *IdP) provision(ctx context.Context, u *User) (*Exchange, error) {
	d := p.Dialect
	accept := append([]int{http.StatusOK}, d.LookupMissStatuses...)
	ex, err := p.call(ctx, http.MethodGet, "/Users", d.LookupRawQuery(p.lookupValue(u)), nil, "provision: look-up", uniqueInts(accept)...)
	if err != nil {
		return ex, err
	}
	var list listResponse
	if ex.Status == http.StatusOK {
		list, err = parseList(ex, "provision: look-up")
	}
	if err != nil {
		return ex, err
	}
	if list.TotalResults > 0 && len(list.Resources) > 0 {
		head, err := parseHead(ex, list.Resources[0], "provision: look-up")
		if err != nil {
			return ex, err
		}
		u.ID, u.Linked, u.Removed = head.ID, true, false
		if active, ok := isActive(head.Active); ok && !active && u.Active {
			return p.setActive(ctx, u, true, "provision: activate linked user")
		}
		return ex, nil
	}
	if u.Password != "" && d.SendPassword {
		p.Client.Masker().Add(u.Password)
	}
	ex, err = p.call(ctx, http.MethodPost, "/Users", "", p.UserBody(u), "provision: create", http.StatusCreated)
	if err != nil {
		return ex, err
	}
	head, err := parseHead(ex, ex.ResponseBody, "provision: create")
	if err != nil {
		return ex, err
	}
	u.ID, u.Linked, u.Removed = head.ID, false, false
	return ex, nil
}

func (p *IdP) lookupValue(u *User) string {
	switch strings.ToLower(p.Dialect.LookupAttribute) {
	case "username":
		return u.UserName
	case "externalid":
		return u.ExternalID
	}
	if a, ok := p.Profile.Attribute(p.Dialect.LookupAttribute); ok {
		if v, ok := a.UserValue(u); ok {
			return fmt.Sprint(v)
		}
	}
	return u.UserName
}

// UserBody is the create body: the profile's attributes of u plus the
// dialect's extras (schemas, roles, meta, password, groups).
func (p *IdP) UserBody(u *User) map[string]any {
	d := p.Dialect
	doc := map[string]any{}
	schemas := []string{SchemaUser}
	if d.EnterpriseSchema {
		schemas = append(schemas, SchemaEnterprise)
	}
	for _, s := range p.Profile.Schemas() {
		if !slices.Contains(schemas, s) {
			schemas = append(schemas, s)
		}
	}
	doc["schemas"] = schemas
	for _, a := range p.Profile.Attributes {
		v, ok := a.UserValue(u)
		if !ok {
			continue
		}
		if b, isBool := v.(bool); isBool {
			v = d.ActiveOnCreate.Bool(b)
		}
		a.path.set(doc, v, d.PrimaryWork)
	}
	if d.NameFormatted {
		if f := strings.TrimSpace(u.GivenName + " " + u.FamilyName); f != "" {
			childObject(doc, "name")["formatted"] = f
		}
	}
	if d.SendRoles {
		doc["roles"] = []any{}
	}
	if d.MetaResourceType {
		doc["meta"] = map[string]any{"resourceType": "User"}
	}
	if d.SendPassword && u.Password != "" {
		doc["password"] = u.Password
	}
	if d.SendGroupsEmpty {
		doc["groups"] = []any{}
	}
	return doc
}

// putBody is the full resource for a PUT built from the IdP's own state.
func (p *IdP) putBody(u *User) map[string]any {
	doc := p.UserBody(u)
	delete(doc, "password") // a PUT from state does not re-send the password
	doc["id"] = u.ID
	return doc
}

// Update pushes changes the dialect's way: only the changed profile
// attributes by PATCH, a no-path replace, GET then full PUT, or a PUT of
// the IdP's state. u is updated first, so it holds the expected values.
func (p *IdP) Update(ctx context.Context, u *User, c Changes) (*Exchange, error) {
	p.begin()
	if u.ID == "" {
		return nil, fmt.Errorf("update %s: expected a provisioned user (with a SCIM id), got none", u.UserName)
	}
	before := u.Clone()
	applyChanges(u, c)
	changed := p.changedAttributes(before, u)
	if len(changed) == 0 {
		return nil, fmt.Errorf("update %s: expected a change to a profile attribute, got none", u.UserName)
	}
	d := p.Dialect
	switch d.Update {
	case UpdateGetPut:
		return p.getPut(ctx, u, changed, "update")
	case UpdatePut:
		return p.call(ctx, http.MethodPut, resourcePath("Users", u.ID), "", p.putBody(u), "update: put", http.StatusOK)
	}
	var ops []patchOp
	noPath := map[string]any{}
	for _, a := range changed {
		v, _ := a.UserValue(u)
		v = p.patchValue(v)
		if d.Update == UpdatePatchNoPath && !a.path.Filtered() {
			noPath[a.path.Dotted()] = v
			continue
		}
		op := "replace"
		if _, had := a.UserValue(before); !had && d.AddWhenMissing {
			op = "add"
		}
		ops = append(ops, patchOp{Op: d.Op(op), Path: a.SCIM, Value: v})
	}
	if len(noPath) > 0 {
		ops = append([]patchOp{{Op: d.Op("replace"), Value: noPath}}, ops...)
	}
	return p.call(ctx, http.MethodPatch, resourcePath("Users", u.ID), "", patch(ops...), "update: patch", okPatch...)
}

func (p *IdP) patchValue(v any) any {
	if b, ok := v.(bool); ok {
		return p.Dialect.PatchBools.Bool(b)
	}
	return v
}

func applyChanges(u *User, c Changes) {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&u.GivenName, c.GivenName)
	set(&u.FamilyName, c.FamilyName)
	set(&u.DisplayName, c.DisplayName)
	set(&u.Email, c.Email)
	set(&u.Phone, c.Phone)
	set(&u.Locale, c.Locale)
	for k, v := range c.Attributes {
		if u.Extra == nil {
			u.Extra = map[string]any{}
		}
		u.Extra[k] = v
	}
}

// changedAttributes lists the profile rows whose value differs, in profile order.
func (p *IdP) changedAttributes(before, after *User) []ProfileAttribute {
	var out []ProfileAttribute
	for _, a := range p.Profile.Attributes {
		nv, ok := a.UserValue(after)
		if !ok {
			continue
		}
		if ov, had := a.UserValue(before); had && jsonText(ov) == jsonText(nv) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// getPut is Okta's update: GET the resource, change it, PUT it back whole,
// carrying id and meta from the GET (idp-dialects.md quirk 10).
func (p *IdP) getPut(ctx context.Context, u *User, changed []ProfileAttribute, note string) (*Exchange, error) {
	ex, err := p.call(ctx, http.MethodGet, resourcePath("Users", u.ID), "", nil, note+": get", http.StatusOK)
	if err != nil {
		return ex, err
	}
	var doc map[string]any
	if err := json.Unmarshal(ex.ResponseBody, &doc); err != nil || doc == nil {
		return ex, &ResponseError{Exchange: ex, Context: note + ": get", Expected: "a SCIM User object", Got: fmt.Sprintf("%d bytes that do not parse", len(ex.ResponseBody))}
	}
	for _, a := range changed {
		v, _ := a.UserValue(u)
		a.path.set(doc, v, p.Dialect.PrimaryWork)
	}
	return p.call(ctx, http.MethodPut, resourcePath("Users", u.ID), "", doc, note+": put", http.StatusOK)
}

// Deactivate sets active false the dialect's way.
func (p *IdP) Deactivate(ctx context.Context, u *User) (*Exchange, error) {
	p.begin()
	return p.setActive(ctx, u, false, "deactivate")
}

// Remove is what the IdP does when a user is unassigned or deleted: a
// DELETE, or — for Okta, which never deletes users — a deactivation.
func (p *IdP) Remove(ctx context.Context, u *User) (*Exchange, error) {
	p.begin()
	if u.ID == "" {
		return nil, fmt.Errorf("remove %s: expected a provisioned user (with a SCIM id), got none", u.UserName)
	}
	if p.Dialect.Remove == RemoveDeactivate {
		return p.setActive(ctx, u, false, "remove (deactivation: this IdP never deletes users)")
	}
	ex, err := p.call(ctx, http.MethodDelete, resourcePath("Users", u.ID), "", nil, "remove: delete", http.StatusNoContent)
	if err == nil {
		u.Removed = true
		u.Active = false
	}
	return ex, err
}

// Reactivate brings a user back: a removed (deleted) user is provisioned
// again — look-up, then create — which the contract says reactivates the
// same Cantara account; a deactivated one gets active true.
func (p *IdP) Reactivate(ctx context.Context, u *User) (*Exchange, error) {
	p.begin()
	if u.Removed {
		u.Active = true
		return p.provision(ctx, u)
	}
	return p.setActive(ctx, u, true, "reactivate")
}

// setActive writes active the dialect's way and records it on u.
func (p *IdP) setActive(ctx context.Context, u *User, active bool, note string) (*Exchange, error) {
	if u.ID == "" {
		return nil, fmt.Errorf("%s %s: expected a provisioned user (with a SCIM id), got none", note, u.UserName)
	}
	d := p.Dialect
	u.Active = active
	path := resourcePath("Users", u.ID)
	switch d.Deactivate {
	case DeactivatePatchNoPath:
		body := patch(patchOp{Op: d.Op("replace"), Value: map[string]any{"active": d.PatchBools.Bool(active)}})
		return p.call(ctx, http.MethodPatch, path, "", body, note+": patch", okPatch...)
	case DeactivatePut:
		if d.Update == UpdateGetPut {
			a := ProfileAttribute{SCIM: "active", path: AttrPath{Raw: "active", Attr: "active"}}
			return p.getPut(ctx, u, []ProfileAttribute{a}, note)
		}
		return p.call(ctx, http.MethodPut, path, "", p.putBody(u), note+": put", http.StatusOK)
	}
	body := patch(patchOp{Op: d.Op("replace"), Path: "active", Value: d.PatchBools.Bool(active)})
	return p.call(ctx, http.MethodPatch, path, "", body, note+": patch", okPatch...)
}

// uniqueInts drops repeats, keeping the first order ("expected 200 or 404").
func uniqueInts(xs []int) []int {
	var out []int
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
