/**
 * The wire format of Coffer's HTTP API: one Java record per JSON body the server reads or
 * writes, grouped by resource ({@code TeamWire}, {@code DatasetWire}, …). The server sends
 * these records and the CLI reads them, so both sides agree by construction, and the OpenAPI
 * document ({@code /api/v1/openapi.json}) is generated from them.
 *
 * <h2>Rules a record follows</h2>
 * <ul>
 *   <li>A component's name is its JSON field name (or {@code @JsonProperty} says it, for names
 *       that are Java keywords such as {@code public} and {@code default}).
 *   <li>A field that is always present but may be JSON {@code null} is marked {@link Nullable}.
 *   <li>A field that is left out when it has no value is marked
 *       {@code @JsonInclude(JsonInclude.Include.NON_NULL)}; it is not required in the schema.
 *   <li>Every other field is always present and never null (primitives where the value is a
 *       number or a flag that always exists).
 *   <li>Closed sets of words (roles, states, kinds) are enums implementing {@link Coded}: the
 *       code is what goes on the wire, and {@code toString()} gives it too, for printing.
 *   <li>Nested records' simple names are unique across this package: they are the names of the
 *       schemas in the OpenAPI document and of the classes a generated client has.
 * </ul>
 *
 * <p>Glossary: a <em>Wire</em> class is a holder of one resource's bodies; a <em>request</em>
 * record is a body the server reads (unknown fields are refused there); every other record is
 * a body the server writes (clients ignore fields they do not know, so fields can be added).
 */
package dev.coffer.wire;
