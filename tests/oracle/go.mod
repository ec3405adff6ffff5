module enrich-hook/tests/oracle

go 1.25.0

require (
	github.com/iawaknahc/jsonschema v0.0.0-20250219112344-8b65018f0c9f
	github.com/lestrrat-go/jwx/v2 v2.1.6
	github.com/nyaruka/phonenumbers v1.8.1
	golang.org/x/text v0.41.0
)

require (
	github.com/cockroachdb/apd/v2 v2.0.2 // indirect
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.0 // indirect
	github.com/goccy/go-json v0.10.3 // indirect
	github.com/lestrrat-go/blackmagic v1.0.3 // indirect
	github.com/lestrrat-go/httpcc v1.0.1 // indirect
	github.com/lestrrat-go/httprc v1.0.6 // indirect
	github.com/lestrrat-go/iter v1.0.2 // indirect
	github.com/lestrrat-go/option v1.0.1 // indirect
	github.com/pkg/errors v0.8.0 // indirect
	github.com/segmentio/asm v1.2.0 // indirect
	golang.org/x/crypto v0.32.0 // indirect
	golang.org/x/sys v0.31.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
