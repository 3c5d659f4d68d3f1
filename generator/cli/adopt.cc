#include "cli/adopt.h"

#include <set>

#include "cli/adopt_compare.h"
#include "cli/adopt_config.h"
#include "cli/adopt_objects.h"
#include "cli/function.h"
#include "yaml/emit.h"

namespace vg {
namespace {

Doc annotated(const Doc& pvc, const std::vector<std::pair<std::string, std::string>>& annotations) {
  Doc out = pvc;
  Doc* meta = out.find("metadata");
  if (!meta) meta = &out.set("metadata", Doc::map());
  Doc* ann = meta->find("annotations");
  if (!ann || !ann->IsMap()) ann = &meta->set("annotations", Doc::map());
  for (const auto& [k, v] : annotations) ann->set(k, Doc::string(v));
  return out;
}

// The function's input: the stream adopt writes, with the VolSyncBackup as functionConfig.
std::string resource_list(const std::vector<Doc>& items, const Doc& config) {
  std::string text = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n";
  text += items.empty() ? "items: []\n" : "items:\n";
  for (const Doc& d : items) emit_list_item(text, d);
  text += "functionConfig:\n";
  emit_block(text, config, 2);
  return text;
}

}  // namespace

AdoptResult adopt(const std::vector<LintSource>& sources) {
  AdoptResult r;
  std::vector<SourceObject> objects;
  if (!read_source_objects(sources, objects, r.findings)) return r;
  const std::vector<TodaysBackup> backups = find_backups(objects);
  const AdoptedConfig config = adopted_config(objects, backups);
  r.notes = config.notes;

  std::set<std::size_t> regenerated;  // today's ReplicationSources/Destinations: the function makes them
  for (const TodaysBackup& b : backups) {
    regenerated.insert(b.sources.begin(), b.sources.end());
    if (b.destination) regenerated.insert(*b.destination);
  }
  std::vector<Doc> items;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (regenerated.count(i)) continue;
    auto ann = config.annotations.find(i);
    items.push_back(ann == config.annotations.end() ? objects[i].doc : annotated(objects[i].doc, ann->second));
  }

  const std::string input = resource_list(items, config.volsync_backup);
  FunctionOptions opt;
  FunctionResult fr = run_function(input, opt);
  for (const Finding& f : fr.findings)
    if (f.severity == Severity::kError) r.findings.push_back(f);
  if (!fr.ok) return r;
  std::vector<Doc> after_docs;
  DocParseError err;
  if (!parse_docs(fr.text(input), after_docs, err) || after_docs.empty()) {
    r.errors.push_back("the function's output could not be read back: " + err.message);
    return r;
  }
  r.differences = compare_with_today(objects, backups, after_docs.front()["items"].items());

  for (const Doc& d : items) {
    if (!r.output.empty()) r.output += "---\n";
    emit_block(r.output, d, 0);
  }
  if (!r.output.empty()) r.output += "---\n";
  emit_block(r.output, config.volsync_backup, 0);
  r.ok = true;
  return r;
}

int adopt_exit_code(const AdoptResult& r) {
  if (!r.ok) return 2;
  for (const AdoptDifference& d : r.differences)
    if (d.lossy) return 1;
  return 0;
}

}  // namespace vg
