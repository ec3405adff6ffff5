module enrich-hook/tests/oracle

go 1.25.0

require (
	github.com/iawaknahc/jsonschema v0.0.0-20250219112344-8b65018f0c9f
	github.com/nyaruka/phonenumbers v1.8.1
	golang.org/x/text v0.41.0
)

require (
	github.com/cockroachdb/apd/v2 v2.0.2 // indirect
	github.com/pkg/errors v0.8.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
