#include "volsync/validate.h"

#include <algorithm>

#include "volsync/rules.h"

namespace vg {

EmbeddedSchemas schema_set_for(const Doc& obj, const ResourceRef& ref) {
  if (ref.kind == "KopiaMaintenance" || obj.at({"spec", "kopia"}).IsDefined()) return EmbeddedSchemas::kKopiaFork;
  return EmbeddedSchemas::kUpstream;
}

bool Validator::init(const std::vector<std::string>& schema_paths, Findings& findings) {
  custom_ = !schema_paths.empty();
  if (!custom_) {
    schemas_ = SchemaSet::embedded(EmbeddedSchemas::kUpstream);
    fork_ = SchemaSet::embedded(EmbeddedSchemas::kKopiaFork);
    return true;
  }
  schemas_ = SchemaSet();
  fork_ = SchemaSet();
  bool ok = true;
  for (const auto& p : schema_paths) ok = schemas_.add_path(p, findings) && ok;
  return ok;
}

void Validator::check(const Doc& obj, const ResourceRef& ref,
                      const std::vector<std::string>& disabled_rules, Findings& out,
                      const std::string& file, int line_offset) const {
  const std::size_t before = out.size();
  const bool fork = !custom_ && schema_set_for(obj, ref) == EmbeddedSchemas::kKopiaFork;
  if (const SchemaNode* schema = (fork ? fork_ : schemas_).find(ref.api_version, ref.kind)) {
    validate(*schema, obj, ValidateContext{.resource = ref, .file = file, .line_offset = std::max(line_offset, 0)},
             out);
    // Users who never heard of the fork learn which CRDs accepted spec.kopia (and must be installed).
    if (fork)
      for (auto it = out.begin() + static_cast<std::ptrdiff_t>(before); it != out.end(); ++it)
        it->message += " (schema: " + std::string(schema_set_name(EmbeddedSchemas::kKopiaFork)) + ")";
  }
  check_volsync_object(obj, RuleContext{.resource = ref, .file = file, .line_offset = std::max(line_offset, 0)},
                       out);
  // Tree-built objects have template line numbers, which would point into the wrong file.
  if (line_offset < 0)
    for (auto it = out.begin() + static_cast<std::ptrdiff_t>(before); it != out.end(); ++it) it->line = 0;
  // Only rules that can be disabled are (rule_registry.h): schema errors never are.
  out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(before), out.end(),
                           [&](const Finding& f) { return rule_disabled(f.rule, disabled_rules); }),
            out.end());
}

}  // namespace vg
