// libFuzzer target: the whole KRM function. Bytes in -> run_function -> it must return (no crash,
// no hang, no sanitizer report), and its answer must be coherent: ok with output, or an error finding.
// The first byte picks the mode so both entry points are covered: even = KRM ResourceList on
// stdin, odd = legacy kustomize plugin (plain YAML stream + a fixed config file).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "cli/function.h"

namespace {

constexpr const char* kPluginConfig = R"(apiVersion: volsync-gen.io/v1alpha1
kind: VolSyncBackup
metadata:
  name: volsync
spec:
  repository: s3:http://minio.example:9000/volsync-backup
  credentials:
    secretName: volsync-base
)";

[[noreturn]] void die(const char* why) {
  std::fprintf(stderr, "function_fuzz: %s\n", why);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool plugin = (data[0] & 1) != 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  vg::FunctionOptions opt;
  if (plugin) {
    opt.stream_io = true;
    opt.config_text = kPluginConfig;
    opt.config_file = "fuzz-config.yaml";
  }
  vg::FunctionResult r;
  try {
    r = vg::run_function(input, opt);
  } catch (const std::exception& e) {
    // cmd_function turns this into "internal error" and exit 1, but bad input must not get here.
    std::fprintf(stderr, "function_fuzz: exception escaped run_function: %s\n", e.what());
    std::abort();
  }
  bool error = false;
  for (const auto& f : r.findings) error = error || f.severity == vg::Severity::kError;
  if (r.ok && error) die("ok with error findings");
  if (!r.ok && !error) die("failed without an error finding");
  if (r.ok && !plugin && r.output.empty()) die("ok with empty output");
  return 0;
}
