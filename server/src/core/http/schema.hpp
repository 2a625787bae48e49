#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

// Builders for the JSON schemas of the OpenAPI document. A module writes its record's schema next
// to its to_json, with these, so that both list the same keys.
namespace kaowu::http::schema {

using nlohmann::json;

json string();
json integer();
json number();
json boolean();
//! A date-time as the API writes it everywhere: "2021-09-18 08:00:00" (China Standard Time).
//! A date without a time is "2021-09-18"; a time span shown as text (a subject's slot) is a string.
json datetime();
json enumeration(const std::vector<std::string>& values);
//! `of` that may also be null.
json nullable(json of);
json array(json items);
//! An object whose keys are all written (required) and nothing else (additionalProperties false);
//! `optional` lists the keys that are written only sometimes.
json object(json properties, const std::vector<std::string>& optional = {});
//! An object with any keys (a free-form map), each value of `values` schema.
json map_of(json values);
//! A reference to a component schema: {"$ref": "#/components/schemas/<name>"}.
json ref(const std::string& name);
//! A list page: {items: [item], total, page, pageSize}.
json page(json item);
//! The answer of a route that started a background job: {job: Job} (202).
json job_accepted();
//! A file download (its content type is the route's response_content_type).
json binary();

}  // namespace kaowu::http::schema
