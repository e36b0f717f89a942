package marketing_test

import (
	"fmt"
	"time"

	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/program"
)

func ExamplePolicy_PrioritizeMDF() {
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	request := func(id string, pt marketing.Participants, purpose marketing.Purpose) marketing.MDFRequest {
		return marketing.MDFRequest{ID: id, Purpose: purpose, Participants: pt, Amount: program.MustMoney("5000.00", "USD"),
			SubmittedAt: at, Start: program.NewDate(2026, 6, 15), End: program.NewDate(2026, 6, 16)}
	}
	d, err := marketing.Default().PrioritizeMDF([]marketing.MDFRequest{
		request("MDF-ROADSHOW", marketing.Participants{Partners: []marketing.PartnerKind{marketing.PartnerResale}, GitLab: true},
			marketing.PurposePipeline),
		request("MDF-AWS-WORKSHOP", marketing.Participants{Partners: []marketing.PartnerKind{marketing.PartnerServices}, GitLab: true,
			Clouds: []marketing.Cloud{marketing.CloudAWS}}, marketing.PurposePipeline),
		request("MDF-BILLBOARD", marketing.Participants{Partners: []marketing.PartnerKind{marketing.PartnerResale}},
			marketing.PurposeAwareness),
	}, time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome)
	for _, e := range d.Requests {
		fmt.Println(e.Rank, e.ID, e.Outcome, e.Tier)
	}
	// Output:
	// needs_review
	// 1 MDF-AWS-WORKSHOP ranked joint
	// 2 MDF-ROADSHOW ranked standard
	// 0 MDF-BILLBOARD needs_review
}

func ExamplePolicy_AuditLandingPage() {
	html := `<html lang="de"><body>
	  <img src="/img/gitlab-authorized-reseller.svg" alt="GitLab Authorized Reseller">
	  <p>Wir bieten <a href="https://about.gitlab.com/de-de/gitlab-duo/">GitLab Duo</a> und GitLab Dedicated an.</p>
	  <p><a href="https://about.gitlab.com/de-de/">about.gitlab.com</a></p>
	</body></html>`
	d, err := marketing.Default().AuditLandingPage(marketing.Page{
		URL:       "https://partner.example/GitLab",
		Redirects: []marketing.Redirect{{URL: "https://partner.example/GitLab", Status: new(301)}},
		FinalURL:  "https://partner.example/de/gitlab-partner",
		HTML:      html,
		Country:   "DE",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Outcome)
	fmt.Printf("%+v\n", d.Elements)
	for _, p := range d.Products {
		fmt.Println(p.Name, "linked:", p.Linked)
	}
	// Output:
	// non_compliant
	// {PreferredURL:met LocalLanguage:met Logo:met HomeLink:met Paragraph:unchecked ProductLinks:unmet}
	// GitLab Duo linked: true
	// GitLab Dedicated linked: false
}
