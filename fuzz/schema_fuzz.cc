// libFuzzer target: the structural-schema validator. Bytes -> Doc (libyaml, as objects are read for
// validation) -> validate against the embedded ReplicationSource and ReplicationDestination schemas.
// The reader's own limits (depth, alias expansion) are the only filter: whatever tree it accepts,
// the validator must walk in bounded time.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "schema/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const vg::SchemaSet schemas = vg::SchemaSet::embedded();
  static const vg::SchemaNode* rs = schemas.find("volsync.backube/v1alpha1", "ReplicationSource");
  static const vg::SchemaNode* rd = schemas.find("volsync.backube/v1alpha1", "ReplicationDestination");
  if (!rs || !rd) std::abort();
  vg::Doc doc;
  vg::DocParseError error;
  if (!vg::parse_doc(std::string_view(reinterpret_cast<const char*>(data), size), doc, error))
    return 0;  // not the validator's input
  vg::ValidateContext ctx;
  vg::Findings findings;
  vg::validate(*rs, doc, ctx, findings);
  vg::validate(*rd, doc, ctx, findings);
  // Also as a bare value under both modes: spec-level and JSON-Schema semantics.
  ctx.mode = vg::SchemaMode::kJsonSchema;
  vg::validate_value(*rs, doc, ctx, findings);
  for (const auto& f : findings)
    if (f.rule.empty() || f.message.empty()) std::abort();  // every finding says what and why
  return 0;
}
