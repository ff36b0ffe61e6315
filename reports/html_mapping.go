package reports

import (
	"fmt"
	"html/template"
	"strings"
)

// htmlMapping is the "Your IdP mapping" section of report.html: the
// verdict, the findings by whose fault they are, and the dry run's table.
type htmlMapping struct {
	*MappingCheck
	Groups     []htmlBlameGroup
	Attributes []htmlMappingAttribute
}

// htmlBlameGroup is the findings one party has to act on.
type htmlBlameGroup struct {
	Blame, Title, Note string
	Findings           []MappingFinding
}

type htmlMappingAttribute struct {
	MappingAttribute
	Class   string // ok, or the blame of its most frequent problem
	Verdict string // "ok", or "3 ok, 3 empty (your mapping)"
}

// mappingGroups are the blame groups in the order a customer acts on them.
var mappingGroups = []htmlBlameGroup{
	{Blame: BlameMapping, Title: "Your mapping: fix these in your IdP",
		Note: "Each names the row at fault, why Cantara needs what it misses, and the change to make in your IdP."},
	{Blame: BlameCantara, Title: "Cantara's fault: nothing to change in your mapping",
		Note: "Your mapping sends what Cantara requires; Cantara lost or refused it. Report these to Cantara with mapping.json, which holds each user's values."},
	{Blame: BlameHarness, Title: "No verdict: transport or harness trouble",
		Note: "These say nothing about your mapping or Cantara; check the target's address, token and network, then run again."},
}

func newHTMLMapping(mc *MappingCheck) *htmlMapping {
	if mc == nil {
		return nil
	}
	hm := &htmlMapping{MappingCheck: mc}
	for _, g := range mappingGroups {
		for _, f := range mc.Findings {
			if f.Blame == g.Blame || g.Blame == BlameMapping && f.Blame != BlameCantara && f.Blame != BlameHarness {
				g.Findings = append(g.Findings, f)
			}
		}
		if len(g.Findings) > 0 {
			hm.Groups = append(hm.Groups, g)
		}
	}
	if mc.DryRun != nil {
		for _, a := range mc.DryRun.Attributes {
			ha := htmlMappingAttribute{MappingAttribute: a, Class: "ok", Verdict: "ok"}
			if a.OK < a.Users || len(a.Verdicts) > 0 {
				ha.Verdict = ""
				if a.OK > 0 {
					ha.Verdict = fmt.Sprintf("%d ok", a.OK)
				}
				for _, v := range a.Verdicts {
					if ha.Verdict != "" {
						ha.Verdict += ", "
					}
					ha.Verdict += fmt.Sprintf("%d %s (%s)", v.Count, v.Verdict, BlameWords(v.Blame))
				}
				ha.Class = "blame-none"
				if len(a.Verdicts) > 0 && a.Verdicts[0].Blame != "" {
					ha.Class = "blame-" + a.Verdicts[0].Blame
				}
			}
			hm.Attributes = append(hm.Attributes, ha)
		}
	}
	return hm
}

// ticks escapes s for element content and shows each `quoted` name, as
// the mapping check's findings write attributes and sources, as code.
func ticks(s string) template.HTML {
	parts := strings.Split(template.HTMLEscapeString(s), "`")
	if len(parts)%2 == 0 { // an odd backtick: no pairs to trust
		return template.HTML(template.HTMLEscapeString(s))
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString("<code>" + p + "</code>")
		} else {
			b.WriteString(p)
		}
	}
	return template.HTML(b.String())
}
