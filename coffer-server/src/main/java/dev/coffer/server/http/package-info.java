/**
 * The HTTP API, and only the translation between HTTP and the engine: routes split by resource
 * ({@code *Routes}), each registered once so that the OpenAPI document lists every one; one
 * authentication step (a bearer token, or the session cookie with a CSRF guard); one error format
 * (domain errors and refusals become RFC 9457 problem details); an audit event recorded after
 * every request that changes something or is refused; and guards on what clients send (body size
 * and pace, a memory budget shared by uploaded chunks). Storage rules stay in the engine.
 */
package dev.coffer.server.http;
