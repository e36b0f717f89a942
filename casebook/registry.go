package casebook

// All returns an adapter for every rules package, in layout order.
func All() []Package {
	return []Package{DealReg(), ServiceAttach(), NFR(), Distribution(), Incumbency()}
}

// Default returns a registry of every rules package under its default policy.
func Default() *Registry { return NewRegistry(All()...) }
