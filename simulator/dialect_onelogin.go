package simulator

import "net/http"

// OneLogin is OneLogin's SCIM provisioning (an admin-written template).
// Sources: idp-dialects.md, column "OneLogin"; most rows there are "?", so
// everything not listed below follows Generic and is uncertain.
func OneLogin() Dialect {
	d := Generic()
	d.Name = "onelogin"
	d.Title = "OneLogin"
	// row "look-up before create": by userName — uncertain (?); encoding
	// unknown, %20 as in Generic.
	// row "create": may send "active":"true" as a string — uncertain (?)
	d.ActiveOnCreate = BoolStringLower
	// row "add members": lower-case `add` (obs) — Generic already does.
	// rows "update", "deactivate", "delete", "remove members", "rename":
	// "?" — uncertain, Generic RFC shapes.
	// row "test connection": "on enable" — uncertain what it sends; the
	// RFC-neutral filter probe.
	// row "headers": empty User-Agent (obs)
	d.ReadHeaders = http.Header{"Accept": {ContentTypeSCIM}, "User-Agent": {""}}
	d.WriteHeaders = http.Header{"Accept": {ContentTypeSCIM}, "Content-Type": {ContentTypeSCIM}, "User-Agent": {""}}
	// rows "no filter match", "duplicate create": "?" — uncertain, Generic (200 empty, 409).
	return d
}
