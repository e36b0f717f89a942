package program

import "slices"

// ServiceKind is a kind of service a partner delivers around GitLab. One list
// serves every package that names services: a service-attached registration
// covers some of them (serviceattach), a partner offers some and a lead needs
// some (locator).
type ServiceKind string

// The service kinds: the handbook's list of services that qualify for a
// service-attached registration (Service Attached Registrations), in its
// order, then the two it leaves out.
const (
	ServiceImplementation         ServiceKind = "implementation"
	ServiceIntegration            ServiceKind = "integration"
	ServiceOptimization           ServiceKind = "optimization"
	ServiceMigration              ServiceKind = "migration"
	ServiceManagedHosted          ServiceKind = "managed_hosted"
	ServiceSecurityCompliance     ServiceKind = "security_compliance"
	ServiceAdoption               ServiceKind = "adoption"
	ServiceAssessment             ServiceKind = "assessment"
	ServiceTransformation         ServiceKind = "transformation"
	ServiceApplicationDevelopment ServiceKind = "application_development"
	ServiceDevSecOpsAI            ServiceKind = "devsecops_ai"
	ServiceSupport                ServiceKind = "support"
	ServiceSuccess                ServiceKind = "success"
	// ServiceEducationTraining is education and training: a GitLab service
	// the service-attach program does not count.
	ServiceEducationTraining ServiceKind = "education_training"
	// ServiceNonGitLab is a service that has nothing to do with GitLab.
	ServiceNonGitLab ServiceKind = "non_gitlab"
)

// ServiceKinds lists every service kind: the handbook's qualifying services
// in its order, then education_training and non_gitlab.
var ServiceKinds = []ServiceKind{
	ServiceImplementation, ServiceIntegration, ServiceOptimization, ServiceMigration,
	ServiceManagedHosted, ServiceSecurityCompliance, ServiceAdoption, ServiceAssessment,
	ServiceTransformation, ServiceApplicationDevelopment, ServiceDevSecOpsAI, ServiceSupport,
	ServiceSuccess, ServiceEducationTraining, ServiceNonGitLab,
}

// QualifyingServices is how many of [ServiceKinds], from the start, are the
// handbook's qualifying services.
const QualifyingServices = 13

// GitLabServices lists the service kinds that are about GitLab: every kind but
// [ServiceNonGitLab], in the order of [ServiceKinds].
func GitLabServices() []ServiceKind { return slices.Clone(ServiceKinds[:len(ServiceKinds)-1]) }

func (k ServiceKind) Valid() bool { return IsOneOf(k, ServiceKinds) }
func (k *ServiceKind) UnmarshalText(b []byte) error {
	return UnmarshalEnum(k, b, "service kind", ServiceKinds)
}

// EnumValues lists the valid values of ServiceKind.
func (ServiceKind) EnumValues() []string { return EnumStrings(ServiceKinds) }
