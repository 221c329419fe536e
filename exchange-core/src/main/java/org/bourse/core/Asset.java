package org.bourse.core;

/**
 * A defined asset.
 *
 * @param scale decimals of the minor unit: an amount of 1 minor unit is 10^-scale of the asset
 */
public record Asset(int assetId, String code, int scale) {}
