#include "krm/results.h"

#include "krm/redact.h"
#include "yaml/emit.h"

namespace vg {

void emit_results(std::string& out, const Findings& findings) {
  if (findings.empty()) return;
  out += "results:\n";
  for (const auto& f : findings) {
    Doc r = Doc::map();
    std::string msg = f.message;
    if (!f.hint.empty()) msg += " (hint: " + f.hint + ")";
    r.set("message", Doc::string(redact_url_credentials(msg)));
    r.set("severity", Doc::string(severity_name(f.severity)));
    if (!f.resource.empty()) {
      Doc ref = Doc::map();
      if (!f.resource.api_version.empty()) ref.set("apiVersion", Doc::string(f.resource.api_version));
      if (!f.resource.kind.empty()) ref.set("kind", Doc::string(f.resource.kind));
      ref.set("name", Doc::string(f.resource.name));
      if (!f.resource.namespace_.empty()) ref.set("namespace", Doc::string(f.resource.namespace_));
      r.set("resourceRef", std::move(ref));
    }
    // The field path whatever the finding is about (a template, an environment override).
    if (!f.field.empty()) {
      Doc field = Doc::map();
      field.set("path", Doc::string(f.field));
      r.set("field", std::move(field));
    }
    if (!f.file.empty()) {
      Doc file = Doc::map();
      file.set("path", Doc::string(f.file));
      r.set("file", std::move(file));
    }
    Doc tags = Doc::map();
    tags.set("rule", Doc::string(f.rule));
    if (f.line > 0) tags.set("line", Doc::string(std::to_string(f.line)));
    r.set("tags", std::move(tags));
    emit_list_item(out, r);
  }
}

}  // namespace vg
