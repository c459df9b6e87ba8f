#include "jigu/feature_set.hpp"

namespace jigu {

const char* to_string(FieldType type) {
  switch (type) {
    case FieldType::Integer:
      return "Integer";
    case FieldType::Real:
      return "Real";
    case FieldType::String:
      return "String";
    case FieldType::Date:
      return "Date";
    case FieldType::Other:
      return "Other";
  }
  return "Other";
}

const char* to_string(EncodingOrigin origin) {
  switch (origin) {
    case EncodingOrigin::Override:
      return "--encoding";
    case EncodingOrigin::Cpg:
      return ".cpg";
    case EncodingOrigin::Ldid:
      return "dbf-ldid";
    case EncodingOrigin::Detected:
      return "detected";
    case EncodingOrigin::Format:
      return "format";
  }
  return "format";
}

int FeatureSet::field_index(const std::string& name) const {
  for (std::size_t i = 0; i < info.fields.size(); ++i) {
    if (info.fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace jigu
