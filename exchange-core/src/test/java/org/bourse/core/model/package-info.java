/**
 * Model-based and determinism tests of the engine, through its public API only.
 *
 * <p>{@link org.bourse.core.model.ReferenceExchange} is a slow, plain reference model of the
 * documented semantics; {@link org.bourse.core.model.FlowGenerator} makes seeded, realistic order
 * flow; {@link org.bourse.core.model.ModelBasedTest} runs both side by side and {@link
 * org.bourse.core.model.DeterminismTest} checks that replaying a flow reproduces results and state
 * hashes. {@link org.bourse.core.model.EngineRegressionTest} keeps one minimal test per
 * disagreement the model found.
 */
package org.bourse.core.model;
