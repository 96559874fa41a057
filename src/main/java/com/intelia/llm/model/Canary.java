package com.intelia.llm.model;

/**
 * A share of an alias's traffic served as another alias would serve it: a fine-tune tried
 * on some users before it is promoted. The draw is a hash of the request's {@code user},
 * so a user stays on one side, on every replica.
 *
 * @param alias the alias whose upstream and model serve the share
 * @param percent the share, 0 to 100
 */
public record Canary(String alias, int percent) {
}
