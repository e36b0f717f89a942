package nfr

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// LicenseType is a kind of NFR license. Caps are counted per license type.
type LicenseType string

const (
	UltimateSelfManaged LicenseType = "ultimate_self_managed"
	UltimateSaaS        LicenseType = "ultimate_saas"
	Duo                 LicenseType = "duo"
	// DuoAmazonQ is GitLab Duo with Amazon Q.
	DuoAmazonQ LicenseType = "duo_amazon_q"
)

// LicenseTypes lists every license type; decisions list license types in
// this order.
var LicenseTypes = []LicenseType{UltimateSelfManaged, UltimateSaaS, Duo, DuoAmazonQ}

func (l LicenseType) Valid() bool { return program.IsOneOf(l, LicenseTypes) }
func (l *LicenseType) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(l, b, "license type", LicenseTypes)
}

// Title is the license type's name for people ("Ultimate SaaS").
func (l LicenseType) Title() string {
	switch l {
	case UltimateSelfManaged:
		return "Ultimate self-managed"
	case UltimateSaaS:
		return "Ultimate SaaS"
	case Duo:
		return "Duo"
	case DuoAmazonQ:
		return "Duo with Amazon Q"
	}
	return string(l)
}

// Certification is an individual certification that makes a partner
// eligible for NFR licenses when at least one employee holds it.
type Certification string

const (
	CertSolutionArchitect            Certification = "solution_architect"
	CertProfessionalServicesEngineer Certification = "professional_services_engineer"
)

// Certifications lists every certification, in a fixed order.
var Certifications = []Certification{CertSolutionArchitect, CertProfessionalServicesEngineer}

func (c Certification) Valid() bool { return program.IsOneOf(c, Certifications) }
func (c *Certification) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(c, b, "certification", Certifications)
}

// holders is how many of e's employees hold c.
func (c Certification) holders(e program.Employees) int {
	switch c {
	case CertSolutionArchitect:
		return e.SolutionArchitects
	case CertProfessionalServicesEngineer:
		return e.ProfessionalServicesEngineers
	}
	return 0
}

// Title is the certification's name for people.
func (c Certification) Title() string {
	switch c {
	case CertSolutionArchitect:
		return "Solution Architect"
	case CertProfessionalServicesEngineer:
		return "Professional Services Engineer"
	}
	return string(c)
}

// EnumValues lists the valid values of LicenseType.
func (LicenseType) EnumValues() []string { return program.EnumStrings(LicenseTypes) }

// EnumValues lists the valid values of Certification.
func (Certification) EnumValues() []string { return program.EnumStrings(Certifications) }
