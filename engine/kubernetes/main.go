// Command pulumi-resource-kubernetes serves the pulumi-kubernetes provider, built
// from the Go module github.com/pulumi/pulumi-kubernetes/provider/v4.
//
// Upstream's own main embeds schema-embed.json and terraform-mapping-embed.json,
// which `go generate` writes and which are therefore missing from the module zip.
// engine/build.sh copies the committed schema.json and terraform-mapping.json of
// the pinned provider version from the module cache next to this file, in a
// staging directory outside the repository, before it builds; they are not
// committed here. The schema's "version" is set at start-up, as upstream's
// generate.go does at build time.
package main

import (
	_ "embed"
	"encoding/json"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema.json
var schemaJSON []byte

//go:embed terraform-mapping.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, versionedSchema(), terraformMapping)
}

// versionedSchema returns the schema with its top-level "version" set to the
// stamped provider version (upstream's generate.go does the same).
func versionedSchema() []byte {
	var spec map[string]json.RawMessage
	if err := json.Unmarshal(schemaJSON, &spec); err != nil {
		panic(err)
	}
	v, err := json.Marshal(version.Version)
	if err != nil {
		panic(err)
	}
	spec["version"] = v
	out, err := json.Marshal(spec)
	if err != nil {
		panic(err)
	}
	return out
}
