package steps

// Gates of the IdP outlines on what the run can check: an attribute the
// customer's profile does not hold is never sent, and one the target's
// /Schemas does not declare is not the target's to keep. Either way the
// row is skipped with the reason; it must not pass having compared nothing.

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/cucumber/godog"
)

func registerIdPSchemaSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the profile and the target's User schema cover the user's (name|email|phone)$`, idpCoversChange)
	sc.Step(`^the target's User schema declares every attribute of the profile$`, idpSchemaCoversProfile)
}

// valueFilter is the bracketed filter of a value path (emails[type eq "work"].value).
var valueFilter = regexp.MustCompile(`\[[^\]]*\]`)

// schemaPathOf splits a profile attribute path into the schema that
// defines it and the attribute path within it: `emails[type eq
// "work"].value` → core User, "emails.value"; an extension URN prefix
// names its own schema.
func schemaPathOf(scim string) (schemaID, path string) {
	path = valueFilter.ReplaceAllString(scim, "")
	if strings.HasPrefix(strings.ToLower(path), "urn:") {
		if i := strings.LastIndex(path, ":"); i > 0 {
			return path[:i], path[i+1:]
		}
	}
	return coreUserSchema, path
}

// undeclared returns the SCIM paths among scims that the target's /Schemas
// does not declare, or a skip when /Schemas cannot be read.
func (w *World) undeclared(ctx context.Context, scims []string) ([]string, error) {
	schemas, err := w.declaredSchemas(ctx)
	if err != nil {
		return nil, w.Skip("needs the target's /Schemas to know which attributes it keeps: " + err.Error())
	}
	var missing []string
	for _, s := range scims {
		schemaID, path := schemaPathOf(s)
		top, _, _ := strings.Cut(path, ".")
		if commonAttributes[strings.ToLower(top)] {
			continue
		}
		if _, ok := schemaAttribute(schemas, schemaID, path); !ok {
			missing = append(missing, s)
		}
	}
	return missing, nil
}

// idpCoversChange skips a change row whose attributes the profile does not
// hold (the IdP would send nothing to compare) or the target does not
// declare.
func idpCoversChange(ctx context.Context, what string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	paths := changedPaths[what]
	var notInProfile []string
	for _, p := range paths {
		if _, ok := w.Env.Profile.Attribute(p); !ok {
			notInProfile = append(notInProfile, p)
		}
	}
	if len(notInProfile) == len(paths) {
		return ctx, w.Skip(fmt.Sprintf("the attribute profile holds none of %s, so the IdP sends no %s change", strings.Join(paths, ", "), what))
	}
	missing, err := w.undeclared(ctx, paths)
	if err != nil {
		return ctx, err
	}
	if len(missing) > 0 {
		return ctx, w.Skip(fmt.Sprintf("the target's /Schemas does not declare %s, so it need not keep a %s change", strings.Join(missing, ", "), what))
	}
	return ctx, nil
}

// idpSchemaCoversProfile skips a scenario that compares every profile
// attribute when the target does not declare one of them: a third-party
// SCIM server need not keep Cantara's locale. A Cantara target declares
// them all, so there the check always runs.
func idpSchemaCoversProfile(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	var scims []string
	for _, a := range w.Env.Profile.Attributes {
		scims = append(scims, a.SCIM)
	}
	missing, err := w.undeclared(ctx, scims)
	if err != nil {
		return ctx, err
	}
	if len(missing) > 0 {
		return ctx, w.Skip(fmt.Sprintf("the target's /Schemas does not declare the profile attribute(s) %s", strings.Join(missing, ", ")))
	}
	return ctx, nil
}
