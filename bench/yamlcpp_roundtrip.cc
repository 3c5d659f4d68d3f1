// yaml-cpp DOM round trip: YAML::Load of stdin, then YAML::Emitter to stdout. What a function built
// the obvious way (tree for everything) costs.  g++ -O2 -std=c++20 yamlcpp_roundtrip.cc -lyaml-cpp
#include <yaml-cpp/yaml.h>

#include <iostream>
#include <iterator>
#include <string>

int main() {
  std::ios::sync_with_stdio(false);
  std::string in((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  try {
    YAML::Node doc = YAML::Load(in);
    YAML::Emitter out;
    out << doc;
    std::cout << out.c_str() << '\n';
  } catch (const YAML::Exception& e) {
    std::cerr << "yaml-cpp: " << e.what() << '\n';
    return 1;
  }
  return std::cout.good() ? 0 : 1;
}
