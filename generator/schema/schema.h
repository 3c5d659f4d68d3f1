// Validation of objects against CRD structural schemas (openAPIV3Schema), with the API server's semantics,
// so a generated manifest that passes here is not rejected or silently pruned by `kubectl apply`.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "yaml/doc.h"
#include "krm/finding.h"

namespace vg {

struct SchemaNode;   // compiled schema tree, defined in schema.cc
struct SchemaEntry;  // a compiled schema, or what it is compiled from on first use (schema.cc)

enum class SchemaMode {
  // Unknown fields are errors ("schema-unknown-field") wherever the schema describes an object without
  // additionalProperties or x-kubernetes-preserve-unknown-fields: the API server would prune them or, with
  // strict field validation, reject the request.
  kKubernetes,
  // JSON Schema draft 4: unknown properties are allowed unless additionalProperties says otherwise.
  kJsonSchema,
};

// The CRD sets compiled into the binary (schemas/README.md). Objects that use no fork-only field are
// the same under both (the fork only adds spec.kopia, status.kopia and the KopiaMaintenance kind).
enum class EmbeddedSchemas {
  kUpstream,   // schemas/*.yaml: backube/volsync v0.16.0 (ReplicationSource, ReplicationDestination)
  kKopiaFork,  // schemas/kopia-fork/*.yaml: perfectra1n/volsync v0.17.11, adds spec.kopia and KopiaMaintenance
};

// How findings name a set, e.g. "VolSync v0.16.0".
std::string_view schema_set_name(EmbeddedSchemas which);

class SchemaSet {
 public:
  // One embedded set of CRDs. Compiled as used: a kind on its first find(), a field when an object
  // first has it; once per process, as copies of the set share them.
  static SchemaSet embedded(EmbeddedSchemas which = EmbeddedSchemas::kUpstream);

  // Adds every CustomResourceDefinition in a YAML text (multi-document, or a `kind: List` as kubectl
  // prints). Other documents are ignored. Bad input adds findings and returns false.
  bool add_crd_text(std::string_view text, const std::string& origin, Findings& out);
  // A file, or every *.yaml / *.yml / *.json file of a directory (sorted by name, not recursive).
  bool add_path(const std::string& file_or_dir, Findings& out);

  // api_version "volsync.backube/v1alpha1", kind "ReplicationSource"; nullptr when unknown. A CRD added
  // later replaces an earlier one for the same group/version/kind.
  const SchemaNode* find(std::string_view api_version, std::string_view kind) const;
  size_t size() const { return schemas_.size(); }

  // Compiles a bare schema (no CRD around it). Returns nullptr and adds findings when it cannot.
  static std::shared_ptr<const SchemaNode> compile(const Doc& schema, Findings& out);

 private:
  // Key: "group/version/Kind" (group empty for the core API).
  std::map<std::string, std::shared_ptr<SchemaEntry>, std::less<>> schemas_;
};

struct ValidateContext {
  ResourceRef resource;
  std::string file;
  int line_offset = 0;  // added to a Doc mark's 0-based line + 1, for documents cut out of a larger file
  SchemaMode mode = SchemaMode::kKubernetes;
};

// Validates a whole object (apiVersion/kind/metadata/spec/status) against a version's openAPIV3Schema.
// metadata is only checked to be an object: the API server validates ObjectMeta itself.
void validate(const SchemaNode& schema, const Doc& value, const ValidateContext& ctx, Findings& out);

// Validates any value against a schema, with no special meaning for apiVersion/kind/metadata.
void validate_value(const SchemaNode& schema, const Doc& value, const ValidateContext& ctx,
                    Findings& out);

}  // namespace vg
