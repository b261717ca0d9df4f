/**
 * Fuzz support: {@link org.mpactivation.testkit.fuzz.FuzzRun} runs a property over seeded cases and
 * prints its case count and seed; {@link org.mpactivation.testkit.fuzz.HostileText} draws the inputs
 * that break parsers, and {@link org.mpactivation.testkit.fuzz.WebAnswers} checks the properties every
 * web answer must keep.
 */
package org.mpactivation.testkit.fuzz;
