// libFuzzer target: the structural-schema validator. Bytes -> YAML (yaml-cpp, as the function parses
// objects it reads) -> validate against the embedded ReplicationSource and ReplicationDestination
// schemas. Aliases are deliberately not filtered here: the validator must bound its own walks
// (cycles like `a: &x [*x]`, billion laughs).
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "schema.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const vg::SchemaSet schemas = vg::SchemaSet::embedded();
  static const vg::SchemaNode* rs = schemas.find("volsync.backube/v1alpha1", "ReplicationSource");
  static const vg::SchemaNode* rd = schemas.find("volsync.backube/v1alpha1", "ReplicationDestination");
  if (!rs || !rd) std::abort();
  YAML::Node node;
  try {
    node = YAML::Load(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const YAML::Exception&) {
    return 0;  // DeepRecursion included: not the validator's input
  }
  vg::ValidateContext ctx;
  vg::Findings findings;
  vg::validate(*rs, node, ctx, findings);
  vg::validate(*rd, node, ctx, findings);
  // Also as a bare value under both modes: spec-level and JSON-Schema semantics.
  ctx.mode = vg::SchemaMode::kJsonSchema;
  vg::validate_value(*rs, node, ctx, findings);
  for (const auto& f : findings)
    if (f.rule.empty() || f.message.empty()) std::abort();  // every finding says what and why
  return 0;
}
