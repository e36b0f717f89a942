module github.com/channelpolicy/channelpolicy

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/rickar/cal/v2 v2.1.13
	github.com/shopspring/decimal v1.6.0
	golang.org/x/text v0.44.0
)

require (
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
