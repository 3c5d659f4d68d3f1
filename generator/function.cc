#include "function.h"

#include <algorithm>
#include <map>
#include <set>

#include "credentials.h"
#include "doc_yaml.h"
#include "emit.h"
#include "env_overrides.h"
#include "generate.h"
#include "item.h"
#include "plan.h"
#include "rules.h"
#include "scan.h"
#include "settings.h"
#include "template.h"
#include "validate.h"
#include "workload.h"

namespace vg {
namespace {

bool errors_since(const Findings& f, std::size_t from) {
  return std::any_of(f.begin() + static_cast<std::ptrdiff_t>(from), f.end(),
                     [](const Finding& x) { return x.severity == Severity::kError; });
}

// Annotations the orchestrators own (kpt file placement and comment ids, kustomize tracking);
// carried from a previous generated object to its replacement so the object stays where it was.
bool orchestrator_annotation(std::string_view key) {
  for (std::string_view p : {"internal.config.kubernetes.io/", "config.kubernetes.io/path",
                             "config.kubernetes.io/index", "config.k8s.io/", "kustomize.config.k8s.io/"})
    if (key.rfind(p, 0) == 0) return true;
  return false;
}

void carry_annotations(const YAML::Node& from, YAML::Node& to) {
  const YAML::Node old_ann = child(from, {"metadata", "annotations"});
  if (!old_ann || !old_ann.IsMap()) return;
  YAML::Node ann = child(to, {"metadata", "annotations"});  // stamp() always creates it
  for (const auto& kv : old_ann) {
    const std::string key = kv.first.Scalar();
    if (!orchestrator_annotation(key)) continue;
    ann[key] = YAML::Clone(kv.second);
  }
}

// The ResourceList we write when something failed: the input items untouched, plus results, so a
// client that ignored the exit code would still lose nothing.
std::string error_output(std::string_view input, const ScanResult* scan, const Findings& findings,
                         bool stream_io) {
  if (stream_io) return {};
  std::string out = "apiVersion: ";
  out += scan && !scan->list_api_version.empty() ? scan->list_api_version : "config.kubernetes.io/v1";
  out += "\nkind: ResourceList\n";
  if (scan && !scan->items.empty()) {
    out += "items:\n";
    for (const auto& s : scan->items) emit_list_item_text(out, item_text(input, s));
  } else {
    out += "items: []\n";
  }
  emit_results(out, findings);
  return out;
}

struct OutputEntry {
  const ItemSpan* span = nullptr;  // copied from input bytes
  YAML::Node node;                 // or written from a tree
};

std::string write_output(std::string_view input, const ScanResult& scan,
                         const std::vector<OutputEntry>& entries, const Findings& findings,
                         bool stream_io) {
  std::string out;
  out.reserve(input.size() + entries.size() * 64);
  if (stream_io) {
    bool first = true;
    for (const auto& e : entries) {
      if (!first) out += "---\n";
      first = false;
      if (e.span) {
        out += item_text(input, *e.span);
        if (out.back() != '\n') out += '\n';
      } else {
        emit_block(out, e.node, 0);
      }
    }
    return out;
  }
  out += "apiVersion: " + scan.list_api_version + "\nkind: ResourceList\n";
  out += entries.empty() ? "items: []\n" : "items:\n";
  for (const auto& e : entries) {
    if (e.span) emit_list_item_text(out, item_text(input, *e.span));
    else emit_list_item(out, e.node);
  }
  // Echoed so the output is itself a complete input: running the function on it is a no-op.
  if (scan.function_config)
    emit_key_with_text(out, "functionConfig", item_text(input, *scan.function_config),
                       scan.function_config->flow);
  emit_results(out, findings);
  return out;
}

}  // namespace

FunctionResult run_function(std::string_view input, const FunctionOptions& opt) {
  FunctionResult r;
  Findings& f = r.findings;
  ScanResult scan;
  auto fail = [&](const ScanResult* s) {
    dedupe(f);
    r.ok = false;
    r.output = error_output(input, s, f, opt.stream_io);
    return r;
  };

  // parse
  bool scanned = opt.stream_io ? scan_stream(input, opt.limits, scan, f)
                               : scan_resource_list(input, opt.limits, scan, f);
  if (!scanned) return fail(nullptr);
  std::vector<Item> items;
  items.reserve(scan.items.size());
  for (const auto& s : scan.items) items.push_back(Item{s, {}, false, false});
  for (auto& it : items)
    if (wants_tree(it.span)) parse_item(input, it, f);
  if (errors_since(f, 0)) return fail(&scan);

  YAML::Node fc;
  Origin fc_origin;
  try {
    if (opt.config_text) {
      fc = YAML::Load(*opt.config_text);
      fc_origin.file = opt.config_file;
      fc_origin.line = 1;
    } else if (scan.function_config) {
      fc = YAML::Load(item_text(input, *scan.function_config));
      fc_origin.resource = scan.function_config->ref();
      fc_origin.file = scan.function_config->path;
      fc_origin.line = scan.function_config->file_line();
    }
  } catch (const YAML::Exception& e) {
    f.push_back({Severity::kError, "config", "malformed functionConfig: " + e.msg, {}, "",
                 opt.config_file, e.mark.line >= 0 ? e.mark.line + 1 : 0, ""});
    return fail(&scan);
  }
  if (!fc || fc.IsNull()) {
    f.push_back({Severity::kError, "config", "no functionConfig: volsync-gen needs a VolSyncBackup (or ConfigMap) "
                 "naming the source Secret", {}, "", "", 0,
                 "kpt: --fn-config FILE or `-- secretName=... repository=...`; kustomize: the transformer config"});
    return fail(&scan);
  }
  fc_origin.resource.api_version = fc["apiVersion"] && fc["apiVersion"].IsScalar() ? fc["apiVersion"].Scalar() : "";
  fc_origin.resource.kind = fc["kind"] && fc["kind"].IsScalar() ? fc["kind"].Scalar() : "";
  if (const YAML::Node n = child(fc, {"metadata", "name"}); n && n.IsScalar())
    fc_origin.resource.name = n.Scalar();
  Config config;
  const std::size_t before_config = f.size();
  const std::vector<ConfigOverride> overrides = config_overrides(opt.overrides, f);  // Argo CD env/parameters
  if (!parse_config(fc, fc_origin, config, f, overrides) || errors_since(f, before_config)) return fail(&scan);

  TemplateSet templates;
  if (!load_templates(opt.templates_dir, templates, f)) return fail(&scan);
  Validator validator;
  if (!validator.init(opt.schema_paths, f)) return fail(&scan);

  // select + plan
  std::vector<BackupPlan> plans;
  std::vector<PvcFacts> pvcs;
  for (auto& it : items) {
    if (it.span.kind != "PersistentVolumeClaim" || it.span.api_version != "v1") continue;
    PvcFacts pvc;
    Origin o{it.span.ref(), it.span.path, it.span.file_line()};
    if (!read_pvc(it.node, o, pvc, f)) continue;
    pvc.item_index = static_cast<std::size_t>(&it - items.data());
    pvcs.push_back(std::move(pvc));
  }
  const std::size_t before_plans = f.size();
  std::vector<const PvcFacts*> selected;
  for (const auto& p : pvcs)
    if (pvc_selected(p, config)) selected.push_back(&p);
  const bool any_selected = !selected.empty();
  // Source Secrets are needed only when some PVC is selected, one per repository in mode secret.
  std::vector<SourceCredentials> creds(config.repositories.size());
  std::vector<std::string> url_bases(config.repositories.size());
  std::set<std::size_t> source_items;
  if (any_selected) {
    for (std::size_t i = 0; i < config.repositories.size(); ++i) {
      const Repository& repo = config.repositories[i];
      url_bases[i] = repo.url;
      if (repo.credentials.mode != Credentials::Mode::kSecret) {
        if (repo.credentials.mode == Credentials::Mode::kExisting) {
          // The Secret, RESTIC_REPOSITORY included, is managed elsewhere: nothing to build or check.
        } else if (repo.backend == Repository::Backend::kUrl && repo.url.empty())
          f.push_back({Severity::kError, "repository", "no base repository: set spec.repository (or url)",
                       config.origin.resource, "spec.repository", config.origin.file, config.origin.line, ""});
        else if (repo.backend == Repository::Backend::kUrl)
          if (auto err = repository_error(repo.url))
            f.push_back({Severity::kError, "repository", *err, config.origin.resource, "spec.repository",
                         config.origin.file, config.origin.line, ""});
        continue;
      }
      if (!load_source_credentials(input, items, repo, config, creds[i], f)) continue;
      url_bases[i] = creds[i].repository_base;
      if (!repo.credentials.deploy_source_secret) source_items.insert(creds[i].item_index);
    }
    if (errors_since(f, before_plans)) return fail(&scan);
    for (const PvcFacts* p : selected)
      if (auto plan = plan_pvc(*p, config, url_bases, f)) plans.push_back(std::move(*plan));
  }
  if (errors_since(f, before_plans)) return fail(&scan);

  // The mover reads files as the app wrote them: take the app's ids where none are configured.
  if (config.mover_context_from_workload) {
    const auto by_pvc = pod_ids_by_pvc(input, items, f);
    for (auto& plan : plans) {
      auto ids = by_pvc.find(plan.pvc.namespace_ + "/" + plan.pvc.name);
      if (ids == by_pvc.end()) continue;
      for (auto& rp : plan.repos) {
          Settings& s = rp.settings;
          const bool configured = s.mover_security_context.IsMap() && s.mover_security_context.size() > 0;
          if (configured) continue;
          if (!s.mover_uid) s.mover_uid = ids->second.run_as_user;
          if (!s.mover_gid) s.mover_gid = ids->second.run_as_group;
          if (!s.mover_fsgroup) s.mover_fsgroup = ids->second.fs_group;
      }
    }
  }

  // A repository shared by two PVCs (or two repositories) would let each prune the other's snapshots.
  std::map<std::string, const BackupPlan*> repos;
  for (const auto& p : plans)
    for (const auto& rp : p.repos) {
      if (rp.repository.empty()) continue;  // managed elsewhere (existing credentials)
      auto [it, fresh] = repos.emplace(rp.repository, &p);
      if (!fresh)
        f.push_back({Severity::kError, "repository-shared",
                     "PVC " + p.pvc.namespace_ + "/" + p.pvc.name + " would use the same repository as PVC " +
                         it->second->pvc.namespace_ + "/" + it->second->pvc.name,
                     p.pvc.origin.resource, "", p.pvc.origin.file, p.pvc.origin.line,
                     "every PVC needs its own repository path"});
    }
  if (errors_since(f, 0)) return fail(&scan);

  // expand
  std::vector<Generated> generated;
  if (!generate_objects(plans, config, creds, templates, generated, f)) return fail(&scan);

  // Input objects we change: source Secrets (local-config), PVCs (bootstrap dataSourceRef) and
  // Namespaces (privileged movers). Each change is idempotent: a second run finds it done.
  std::map<std::size_t, YAML::Node> patched;
  for (std::size_t i : source_items)
    if (annotation_of(items[i].node, kLocalConfigAnnotation) != "true") {
      // Keep the source Secret in the package (kpt would delete a dropped item's file) but mark it
      // local so kpt never applies it and kustomize leaves it out of its build.
      YAML::Node copy = YAML::Clone(items[i].node);
      set_annotation(copy, kLocalConfigAnnotation, "true");
      patched[i] = copy;
    }
  for (const auto& plan : plans) {
    if (!plan.patch_data_source) continue;
    YAML::Node copy = YAML::Clone(items[plan.pvc.item_index].node);
    YAML::Node ref(YAML::NodeType::Map);
    ref["apiGroup"] = str_node("volsync.backube");
    ref["kind"] = str_node("ReplicationDestination");
    ref["name"] = str_node(plan.rd_name);
    copy["spec"]["dataSourceRef"] = ref;
    patched[plan.pvc.item_index] = copy;
  }
  if (config.privileged_movers) {
    std::set<std::string> namespaces;
    for (const auto& plan : plans) namespaces.insert(plan.pvc.namespace_);
    for (const std::string& ns : namespaces) {
      bool found = false;
      for (std::size_t i = 0; i < items.size(); ++i) {
        const ItemSpan& s = items[i].span;
        if (s.api_version != "v1" || s.kind != "Namespace" || s.name != ns) continue;
        found = true;
        if (!parse_item(input, items[i], f)) return fail(&scan);
        if (annotation_of(items[i].node, kPrivilegedMoversAnnotation) == "true") continue;
        YAML::Node copy = YAML::Clone(items[i].node);
        set_annotation(copy, kPrivilegedMoversAnnotation, "true");
        patched[i] = copy;
      }
      if (!found) {
        Finding w{Severity::kWarning, "privileged-movers",
                  "namespace " + ns + " is not in the input, so volsync-gen cannot annotate it; privileged "
                  "movers need it annotated",
                  {"v1", "Namespace", ns, ""}, "metadata.annotations", "", 0,
                  "kubectl annotate namespace " + ns + " " + std::string(kPrivilegedMoversAnnotation) + "=true"};
        f.push_back(w);
      }
    }
  }

  // validate what we are about to emit
  const std::size_t before_validate = f.size();
  for (const auto& g : generated) validator.check(to_doc(g.node), g.ref, config.disabled_rules, f);
  if (errors_since(f, before_validate)) {
    f.push_back({Severity::kError, "generated-invalid",
                 "refusing to emit objects that fail validation (see the findings above)", {}, "", "", 0,
                 "check the templates (--templates) and the configuration"});
    return fail(&scan);
  }

  // emit: input order, previous generated objects replaced in place, new ones appended
  std::map<std::string, std::size_t> by_identity;
  for (std::size_t i = 0; i < generated.size(); ++i) by_identity[generated[i].identity()] = i;
  std::vector<bool> placed(generated.size(), false);
  std::vector<OutputEntry> entries;
  entries.reserve(items.size() + generated.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    Item& it = items[i];
    const std::string id = object_identity(it.span.api_version, it.span.kind, it.span.namespace_, it.span.name);
    auto match = by_identity.find(id);
    if (it.parsed && it.generated) {
      if (match == by_identity.end() || placed[match->second]) continue;  // its PVC is gone or deselected
      Generated& g = generated[match->second];
      carry_annotations(it.node, g.node);
      placed[match->second] = true;
      entries.push_back({nullptr, g.node});
      continue;
    }
    if (match != by_identity.end()) {
      f.push_back(item_finding(it.span, "generated-clash",
                               "an object with this name already exists in the input and was not made by "
                               "volsync-gen; refusing to overwrite it",
                               "metadata.name", "rename one of them or set " + std::string(kAnnotationPrefix) +
                               "name on the PVC"));
      continue;
    }
    if (auto p = patched.find(i); p != patched.end()) {
      entries.push_back({nullptr, p->second});
      continue;
    }
    entries.push_back({&it.span, {}});
  }
  if (errors_since(f, 0)) return fail(&scan);
  for (std::size_t i = 0; i < generated.size(); ++i)
    if (!placed[i]) entries.push_back({nullptr, generated[i].node});

  dedupe(f);
  r.ok = true;
  r.output = write_output(input, scan, entries, f, opt.stream_io);
  r.config = std::make_shared<const Config>(config);
  r.plans = std::move(plans);
  return r;
}

}  // namespace vg
