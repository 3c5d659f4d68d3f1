// Base64 as Kubernetes Secret `data` uses it: standard alphabet (RFC 4648 section 4), padded.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace vg {

std::string base64_encode(std::string_view bytes);

// nullopt unless `text` is padded standard base64 with no whitespace. Like Go's decoder (and so
// the API server) it accepts non-zero bits after the last byte ("QR==" decodes as "A"). Go also
// skips \r and \n, which this refuses: a generator should never produce them.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace vg
