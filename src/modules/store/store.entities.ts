import { defineEntity, p } from '@mikro-orm/core';
import type { OptionExtras } from '../orders/option-extras.ts';
import { Package } from '../catalog/catalog.entities.ts';

/**
 * A shopping cart, kept by the browser's cart cookie (only its hash is stored), so it survives
 * signing in or signing up in that browser; it is priced for whoever looks and ordered at checkout.
 */
export const Cart = defineEntity({
  name: 'Cart',
  tableName: 'cart',
  indexes: [{ properties: ['updatedAt'] }],
  properties: {
    id: p.integer().primary(),
    tokenHash: p.string().length(64).unique(),
    /** The coupon code entered on the cart page, priced with it until removed. */
    couponCode: p.string().length(40).nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    lines: () => p.oneToMany(CartLine).mappedBy('cart'),
  },
});

/** A package with its choices; a line with a parent is an add-on of that line's package (per unit of it). */
export const CartLine = defineEntity({
  name: 'CartLine',
  tableName: 'cart_line',
  indexes: [{ properties: ['cart'] }],
  checks: [{ name: 'cart_line_quantity_check', expression: 'quantity >= 1 and quantity <= 100' }],
  properties: {
    id: p.integer().primary(),
    cart: () => p.manyToOne(Cart).ref().deleteRule('cascade'),
    package: () => p.manyToOne(Package).ref().deleteRule('cascade'),
    priceName: p.string().length(60),
    optionIds: p.json<number[]>().default('[]'),
    /** Quantity and text options chosen, by option group id. */
    optionExtras: p.json<OptionExtras>().default('{}'),
    quantity: p.integer().default(1),
    parent: () => p.manyToOne(CartLine).ref().nullable().deleteRule('cascade'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
