/**
 * Plans, usage metering and monthly statements.
 *
 * <dl>
 *   <dt>Plan</dt>
 *   <dd>What a team pays for: the storage included, the price of each GB-month above it, whether
 *       external data sources are allowed and whether the included storage is a hard limit. Plans
 *       are configuration ({@link dev.coffer.billing.PlanCatalog}), not code.</dd>
 *   <dt>Usage event, plan event</dt>
 *   <dd>A team's usage level (bytes) after a change, and its plan from an instant on. Together
 *       they make two step functions of time; the bill is computed from them alone.</dd>
 *   <dt>Piece</dt>
 *   <dd>A stretch of time in which usage and plan are both constant and which lies inside one
 *       calendar month (UTC): the unit of the metering arithmetic.</dd>
 *   <dt>GB-month</dt>
 *   <dd>10^9 bytes kept for a whole calendar month; a piece of {@code d} milliseconds in a month of
 *       {@code m} milliseconds at {@code x} GB over the included storage is {@code x·d/m} GB-months.</dd>
 *   <dt>Statement</dt>
 *   <dd>A team's bill for one month: live while the month runs, frozen when the month is closed.</dd>
 * </dl>
 *
 * <p>The formula, units and rounding are in {@code docs/design/billing.md}.
 */
package dev.coffer.billing;
