/**
 * Test support shared by the modules, taken in test scope: real DynamoDB engines for the store
 * suites. {@link org.mpactivation.testkit.Dynalite} runs dynalite (installed by the build with npm)
 * as a local process, with no Docker needed; {@link org.mpactivation.testkit.LocalStackDynamoDb}
 * runs LocalStack through Testcontainers and skips cleanly where no Docker engine runs. Both hand
 * out a {@link org.mpactivation.testkit.DynamoDbEndpoint}, so one suite can run on either, e.g. an
 * abstract contract test with one subclass per engine, each carrying
 * {@code @ExtendWith(DynaliteExtension.class)} or {@code @ExtendWith(LocalStackExtension.class)}.
 */
package org.mpactivation.testkit;
