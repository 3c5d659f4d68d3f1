#include "volsync/input_edits.h"

namespace vg {

void mark_local_config(std::size_t index, const Doc& secret, InputEdits& edits) {
  if (annotation_of(secret, kLocalConfigAnnotation) == "true") return;
  Doc copy = secret;
  set_annotation(copy, kLocalConfigAnnotation, "true");
  edits[index] = std::move(copy);
}

void set_data_source_ref(Doc& pvc, const std::string& rd_name) {
  Doc ref = Doc::map();
  ref.set("apiGroup", Doc::string("volsync.backube"));
  ref.set("kind", Doc::string("ReplicationDestination"));
  ref.set("name", Doc::string(rd_name));
  Doc* spec = pvc.find("spec");
  if (!spec || !spec->IsMap()) spec = &pvc.set("spec", Doc::map());
  spec->set("dataSourceRef", std::move(ref));
}

bool annotate_privileged_namespaces(const std::set<std::string>& namespaces, const std::vector<InputObject>& objects,
                                    InputEdits& edits, Findings& findings) {
  for (const std::string& ns : namespaces) {
    bool found = false;
    for (std::size_t i = 0; i < objects.size(); ++i) {
      if (!objects[i].is("v1", "Namespace") || objects[i].span().name != ns) continue;
      found = true;
      Doc copy;
      if (!objects[i].parse(copy, findings)) return false;
      if (annotation_of(copy, kPrivilegedMoversAnnotation) == "true") continue;
      set_annotation(copy, kPrivilegedMoversAnnotation, "true");
      edits[i] = std::move(copy);
    }
    if (!found)
      findings.push_back(Finding{
          .severity = Severity::kWarning,
          .rule = "privileged-movers",
          .message = "namespace " + ns +
                     " is not in the input, so volsync-gen cannot annotate it; "
                     "privileged movers need it annotated",
          .resource = {"v1", "Namespace", ns, ""},
          .field = "metadata.annotations",
          .hint = "kubectl annotate namespace " + ns + " " + std::string(kPrivilegedMoversAnnotation) + "=true"});
  }
  return true;
}

}  // namespace vg
