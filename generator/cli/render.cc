#include "cli/render.h"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <deque>

#include "yaml/emit.h"
#include "krm/io.h"
#include "krm/object.h"
#include "krm/scan.h"

namespace vg {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStdinName = "<stdin>";
// Flux kustomize-controller apply policy (annotation on the object, kustomize-controller >= v1.1 /
// Flux 2.1): IfNotPresent creates the object once and never updates or re-creates it.
constexpr const char* kFluxSsa = "kustomize.toolkit.fluxcd.io/ssa";

// The objects of the input files. An object's span points into its file's text, kept here.
struct Inputs {
  std::deque<std::string> texts;  // stable addresses as files are added
  std::vector<InputObject> objects;
};

// Where a document sits in the assembled stream, to point findings back at the user's file.
struct Segment {
  int stream_line = 1;  // first line in the stream
  int lines = 0;
  const InputObject* doc = nullptr;
};

Finding error(std::string rule, std::string message, std::string file = {}, int line = 0,
              std::string hint = {}) {
  return Finding{.rule = std::move(rule),
                 .message = std::move(message),
                 .file = std::move(file),
                 .line = line,
                 .hint = std::move(hint)};
}

std::string first_line(std::string_view text) { return std::string(text.substr(0, text.find('\n'))); }

bool excluded(const std::vector<std::string>& patterns, const std::string& rel) {
  for (const auto& p : patterns)
    if (fnmatch(p.c_str(), rel.c_str(), 0) == 0) return true;
  return false;
}

fs::path canonical_or_self(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal() : c;
}

// *.yaml / *.yml under dir, recursively, sorted by relative path (byte order). Hidden directories
// (.git, .github), the output directory and excluded paths are not entered.
bool list_input_files(const RenderOptions& opt, std::vector<std::pair<std::string, fs::path>>& out,
                      Findings& findings) {
  std::error_code ec;
  if (!fs::is_directory(opt.input_dir, ec)) {
    findings.push_back(error("render-input", opt.input_dir.string() + ": not a directory"));
    return false;
  }
  const fs::path out_canon = canonical_or_self(opt.output_dir);
  const fs::path config_canon = opt.config_file ? canonical_or_self(*opt.config_file) : fs::path();
  fs::recursive_directory_iterator it(opt.input_dir, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    findings.push_back(error("render-input", opt.input_dir.string() + ": " + ec.message()));
    return false;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      findings.push_back(error("render-input", it->path().string() + ": " + ec.message()));
      return false;
    }
    const fs::path& p = it->path();
    const std::string rel = p.lexically_relative(opt.input_dir).generic_string();
    const std::string name = p.filename().string();
    if (it->is_directory(ec)) {
      if ((name.size() > 1 && name[0] == '.') || canonical_or_self(p) == out_canon || excluded(opt.exclude, rel))
        it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    const std::string ext = p.extension().string();
    if (ext != ".yaml" && ext != ".yml") continue;
    if (excluded(opt.exclude, rel)) continue;
    if (opt.config_file && canonical_or_self(p) == config_canon) continue;
    out.emplace_back(rel, p);
  }
  std::sort(out.begin(), out.end());
  return true;
}

// Splits one file into documents. Files that are not Kubernetes manifests (a top-level list,
// documents without apiVersion/kind) contribute nothing; malformed YAML is an error.
bool read_documents(const std::string& rel, std::string text, const Limits& limits, Inputs& in, Findings& findings) {
  const std::string& kept = in.texts.emplace_back(std::move(text));
  ScanResult scan;
  Findings local;
  if (!scan_stream(kept, limits, scan, local)) {
    const bool not_manifest = !local.empty() && std::all_of(local.begin(), local.end(), [](const Finding& x) {
      return x.rule == "not-an-object";
    });
    if (not_manifest) return true;
    for (auto& f : local) {
      if (f.file.empty()) f.file = rel;
      findings.push_back(f);
    }
    return false;
  }
  unpack_lists(scan.items);  // render reads the objects of a List as kubectl does; it never writes the List
  for (ItemSpan& span : scan.items)
    if (!span.api_version.empty() && !span.kind.empty()) in.objects.emplace_back(kept, std::move(span), rel);
  return true;
}

// An object's text at column 0, ending in a newline: a document of the stream render assembles.
std::string document_text(const InputObject& o) {
  std::string text = o.text();
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

std::string emitted(const Doc& node) {
  std::string text;
  emit_block(text, node, 0);
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

int count_lines(std::string_view s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

bool valid_name_part(const std::string& s) {
  if (s.empty() || s.front() == '.' || s.front() == '-') return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; });
}

bool has_secret_data(const Doc& n) {
  for (const char* key : {"data", "stringData"}) {
    const Doc& d = n[key];
    if (d.IsMap() && d.size() > 0) return true;
  }
  return false;
}

// read: every input file (or stdin) split into objects; our own earlier output is skipped.
bool read_inputs(const RenderOptions& opt, Inputs& in, RenderResult& r) {
  Findings& f = r.findings;
  const Limits& limits = opt.function.limits;
  if (opt.input_dir == "-") {
    r.inputs.push_back(kStdinName);
    return read_documents(kStdinName, opt.stdin_text, limits, in, f);
  }
  std::vector<std::pair<std::string, fs::path>> files;
  if (!list_input_files(opt, files, f)) return false;
  std::size_t total = 0;
  for (const auto& [rel, path] : files) {
    bool too_large = false;
    auto text = read_file(path.string(), limits.max_input_bytes, too_large);
    if (!text) {
      f.push_back(error("render-input", too_large ? "larger than --max-input-bytes" : "cannot read the file", rel));
      continue;
    }
    total += text->size();
    if (total > limits.max_input_bytes) {
      f.push_back(error("render-input", "the input files together exceed --max-input-bytes (" +
                                            std::to_string(limits.max_input_bytes) + ")"));
      return false;
    }
    if (first_line(*text) == kOwnedMarker) continue;  // our own output, wherever it was written
    r.inputs.push_back(rel);
    read_documents(rel, std::move(*text), limits, in, f);
  }
  return !has_errors(f);
}

// config: --config, or the one VolSyncBackup among the inputs (taken out of them).
bool pick_config(const RenderOptions& opt, Inputs& in, FunctionOptions& fopt, int& config_line, Findings& f) {
  if (opt.config_file) {
    bool too_large = false;
    auto text = read_file(opt.config_file->string(), opt.function.limits.max_input_bytes, too_large);
    if (!text) {
      f.push_back(error("render-config", "cannot read the config file", opt.config_file->string()));
      return false;
    }
    fopt.config_text = std::move(*text);
    fopt.config_file = opt.config_file->string();
    return true;
  }
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < in.objects.size(); ++i)
    if (in.objects[i].span().kind == "VolSyncBackup" &&
        in.objects[i].span().api_version.rfind("volsync-gen.io/", 0) == 0)
      found.push_back(i);
  if (found.empty()) {
    f.push_back(error("render-config", "no VolSyncBackup (apiVersion volsync-gen.io/v1alpha1) found in the input",
                      "", 0, "add one to the directory or pass --config FILE (a VolSyncBackup or ConfigMap)"));
    return false;
  }
  if (found.size() > 1) {
    std::string where;
    for (std::size_t i : found) where += " " + in.objects[i].file() + ":" + std::to_string(in.objects[i].line());
    f.push_back(error("render-config", "more than one VolSyncBackup in the input:" + where, "", 0,
                      "pass --config FILE to pick one, or --exclude the others"));
    return false;
  }
  const InputObject& c = in.objects[found[0]];
  // Leading newlines keep line numbers in config findings those of the file.
  fopt.config_text = std::string(static_cast<std::size_t>(std::max(c.line() - 1, 0)), '\n') + document_text(c);
  fopt.config_file = c.file();
  config_line = c.line();
  in.objects.erase(in.objects.begin() + static_cast<std::ptrdiff_t>(found[0]));
  return true;
}

// Objects generated earlier (by the function mode) would be applied twice: once from the source
// tree and once from the rendered output. Both ownership marks are needed (ownership.h): an object
// of the user's that carries only the annotation is the user's, and the function warns about it.
bool refuse_generated(const Inputs& in, Findings& f) {
  for (const InputObject& o : in.objects)
    if (o.span().generated && o.span().managed_label)
      f.push_back(error("render-generated-input",
                        o.ref().display() + " was generated by volsync-gen; with render the generated "
                        "objects live in the output directory only",
                        o.file(), o.line(), "delete it from the source tree or --exclude its file"));
  return !has_errors(f);
}

// Runs the function on the inputs as one stream; its findings point back at the files.
bool run_on_inputs(const Inputs& in, const FunctionOptions& fopt, int config_line, FunctionResult& fr,
                   Findings& f) {
  std::string stream;
  std::vector<Segment> segments;
  int line = 1;
  for (const InputObject& o : in.objects) {
    if (!stream.empty()) {
      stream += "---\n";
      ++line;
    }
    const std::string text = document_text(o);
    segments.push_back({line, count_lines(text), &o});
    stream += text;
    line += count_lines(text);
  }
  try {
    fr = run_function(stream, fopt);
  } catch (const std::exception& e) {
    f.push_back(error("internal", std::string("internal error: ") + e.what()));
    return false;
  }
  for (Finding& x : fr.findings) {
    if (x.file == fopt.config_file && x.line == 1) x.line = config_line;  // line 1 is padding otherwise
    if (x.file.empty() && x.line > 0) {
      for (const Segment& s : segments)
        if (x.line >= s.stream_line && x.line < s.stream_line + std::max(s.lines, 1)) {
          x.file = s.doc->file();
          x.line = s.doc->line() + (x.line - s.stream_line);
          break;
        }
    }
    f.push_back(x);
  }
  return fr.ok;
}

// The input objects the function changed: render cannot edit the user's files, it reports them.
void collect_source_edits(const Inputs& in, const FunctionResult& fr, std::vector<SourceEdit>& out) {
  for (const InputEdit& e : fr.edits) {
    if (e.index >= in.objects.size()) continue;
    const InputObject& o = in.objects[e.index];
    std::string before = document_text(o), after = emitted(e.node);
    if (before != after) out.push_back({o.file(), o.line(), o.ref(), std::move(before), std::move(after)});
  }
}

// The generated objects of one PVC, for its file.
struct PvcFile {
  std::string ns, pvc;
  std::vector<std::string> texts;
  bool secret_data = false;
};

// split: the generated objects by PVC, in output order.
bool split_by_pvc(const RenderOptions& opt, FunctionResult& fr, std::map<std::string, PvcFile>& per_file,
                  Findings& f) {
  for (GeneratedObject& g : fr.objects) {
    const std::string pvc = annotation_of(g.node, kSourcePvcAnnotation);
    if (pvc.empty()) continue;
    const std::string& ns = g.ref.namespace_;
    if (!valid_name_part(ns) || !valid_name_part(pvc)) {
      f.push_back(error("render-name", g.ref.display() + ": namespace/PVC name '" + ns + "/" + pvc +
                                           "' cannot name a file"));
      continue;
    }
    const std::string name = render_file_name(ns, pvc);
    PvcFile& pf = per_file[name];
    if (!pf.pvc.empty() && (pf.ns != ns || pf.pvc != pvc)) {
      f.push_back(error("render-name", "PVCs " + pf.ns + "/" + pf.pvc + " and " + ns + "/" + pvc +
                                           " would both be written to " + name,
                        "", 0, "rename one of them"));
      continue;
    }
    pf.ns = ns;
    pf.pvc = pvc;
    // Flux applies it once and never again: re-creating a finished restore restores again.
    if (g.ref.api_version == "volsync.backube/v1alpha1" && g.ref.kind == "ReplicationDestination")
      set_annotation(g.node, kFluxSsa, "IfNotPresent");
    if (g.ref.api_version == "v1" && g.ref.kind == "Secret" && has_secret_data(g.node)) {
      pf.secret_data = true;
      if (!opt.allow_plaintext_secrets) {
        Finding x = error("render-plaintext-secret",
                          "would hold the repository credentials of PVC " + ns + "/" + pvc +
                              " in plain text (base64 is not encryption); render does not write credentials "
                              "to disk",
                          "", 0,
                          "set credentials.mode externalSecret or existing to keep credentials out of Git, or "
                          "pass --allow-plaintext-secrets for a repository that is itself encrypted");
        x.resource = g.ref;
        f.push_back(x);
      }
    }
    pf.texts.push_back(emitted(g.node));
  }
  return !has_errors(f);
}

// The files: kustomization.yaml listing one file per PVC, sorted by name.
std::vector<RenderedFile> lay_out(const std::map<std::string, PvcFile>& per_file) {
  std::vector<RenderedFile> files;
  std::string kustomization = std::string(kOwnedMarker) + "\n"
                              "# The VolSync objects volsync-gen generated, one file per PVC.\n"
                              "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                              "kind: Kustomization\n";
  kustomization += per_file.empty() ? "resources: []\n" : "resources:\n";
  for (const auto& entry : per_file) kustomization += "- " + entry.first + "\n";
  files.push_back({"kustomization.yaml", kustomization, false});
  for (const auto& [name, pf] : per_file) {
    std::string content = std::string(kOwnedMarker) + "\n# VolSync backup and restore of PersistentVolumeClaim " +
                          pf.ns + "/" + pf.pvc + ".\n";
    for (std::size_t i = 0; i < pf.texts.size(); ++i) {
      if (i) content += "---\n";
      content += pf.texts[i];
    }
    files.push_back({name, content, pf.secret_data});
  }
  std::sort(files.begin(), files.end(), [](const RenderedFile& a, const RenderedFile& b) { return a.name < b.name; });
  return files;
}

}  // namespace

std::string render_file_name(const std::string& ns, const std::string& pvc) {
  return "volsync-" + ns + "-" + pvc + ".yaml";
}

RenderResult render(const RenderOptions& opt) {
  RenderResult r;
  Findings& f = r.findings;
  Inputs in;
  if (!read_inputs(opt, in, r)) return r;
  FunctionOptions fopt = opt.function;
  fopt.stream_io = true;
  fopt.keep_objects = true;  // the generated objects and the edits, not the stream's text
  fopt.keep_plans = false;
  fopt.pieces_only = true;
  int config_line = 1;  // where the VolSyncBackup starts in its file
  if (!pick_config(opt, in, fopt, config_line, f)) return r;
  if (!refuse_generated(in, f)) return r;
  FunctionResult fr;
  if (!run_on_inputs(in, fopt, config_line, fr, f)) return r;
  collect_source_edits(in, fr, r.source_edits);
  std::map<std::string, PvcFile> per_file;
  if (!split_by_pvc(opt, fr, per_file, f)) return r;
  r.files = lay_out(per_file);
  r.ok = true;
  return r;
}

bool plan_output(const fs::path& dir, const std::vector<RenderedFile>& files, std::vector<OutputChange>& changes,
                 Findings& findings) {
  changes.clear();
  std::error_code ec;
  const bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec)) {
    findings.push_back(error("render-output", "exists and is not a directory", dir.string()));
    return false;
  }
  std::map<std::string, std::string> owned;  // name -> content
  std::set<std::string> foreign;
  if (exists) {
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!it->is_regular_file(ec)) {
        foreign.insert(name);
        continue;
      }
      bool too_large = false;
      auto text = read_file(it->path().string(), std::size_t{64} << 20, too_large);
      if (text && first_line(*text) == kOwnedMarker) owned[name] = *text;
      else foreign.insert(name);
    }
    if (ec) {
      findings.push_back(error("render-output", ec.message(), dir.string()));
      return false;
    }
  }
  bool ok = true;
  std::set<std::string> wanted;
  for (const RenderedFile& rf : files) {
    wanted.insert(rf.name);
    if (foreign.count(rf.name)) {
      findings.push_back(error("render-output", "exists and was not written by volsync-gen render; refusing to "
                                                "overwrite it",
                               (dir / rf.name).string(), 0, "move it away or choose another --output directory"));
      ok = false;
      continue;
    }
    auto o = owned.find(rf.name);
    if (o == owned.end()) changes.push_back({OutputChange::Kind::kAdd, rf.name, "", rf.content, rf.has_secret_data});
    else if (o->second != rf.content)
      changes.push_back({OutputChange::Kind::kUpdate, rf.name, o->second, rf.content,
                         rf.has_secret_data || o->second.find("kind: Secret") != std::string::npos});
  }
  for (const auto& [name, content] : owned)
    if (!wanted.count(name))
      changes.push_back({OutputChange::Kind::kRemove, name, content, "", content.find("kind: Secret") != std::string::npos});
  std::sort(changes.begin(), changes.end(), [](const OutputChange& a, const OutputChange& b) { return a.name < b.name; });
  return ok;
}

bool apply_output(const fs::path& dir, const std::vector<OutputChange>& changes, Findings& findings) {
  std::error_code ec;
  if (!changes.empty()) fs::create_directories(dir, ec);
  if (ec) {
    findings.push_back(error("render-output", "cannot create the directory: " + ec.message(), dir.string()));
    return false;
  }
  bool ok = true;
  for (const OutputChange& c : changes) {
    const fs::path target = dir / c.name;
    if (c.kind == OutputChange::Kind::kRemove) {
      if (!fs::remove(target, ec) || ec) {
        findings.push_back(error("render-output", "cannot remove: " + ec.message(), target.string()));
        ok = false;
      }
      continue;
    }
    const fs::path tmp = dir / ("." + c.name + ".tmp" + std::to_string(getpid()));
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << c.new_content;
      out.close();
      if (!out) {
        findings.push_back(error("render-output", "cannot write", tmp.string()));
        fs::remove(tmp, ec);
        ok = false;
        continue;
      }
    }
    fs::rename(tmp, target, ec);
    if (ec) {
      findings.push_back(error("render-output", "cannot write: " + ec.message(), target.string()));
      fs::remove(tmp, ec);
      ok = false;
    }
  }
  return ok;
}

}  // namespace vg
