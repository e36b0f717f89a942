package distribution

import "github.com/channelpolicy/channelpolicy/program"

// DecodeTransaction decodes a transaction strictly; errors name fields under
// "transaction".
func DecodeTransaction(data []byte) (Transaction, error) {
	var v Transaction
	err := program.DecodeJSON(data, &v, "transaction")
	return v, err
}

// DecodeQuoteRequest decodes a quote request strictly; errors name fields
// under "quote_request".
func DecodeQuoteRequest(data []byte) (QuoteRequest, error) {
	var v QuoteRequest
	err := program.DecodeJSON(data, &v, "quote_request")
	return v, err
}

// DecodeOrder decodes an order strictly; errors name fields under "order".
func DecodeOrder(data []byte) (Order, error) {
	var v Order
	err := program.DecodeJSON(data, &v, "order")
	return v, err
}
