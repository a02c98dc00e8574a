import { ApiToken, Staff, StaffInvite } from '../modules/staff/staff.entities.ts';
import { AuditEntry } from '../modules/audit/audit.entities.ts';
import { LoginThrottle, Session } from '../modules/auth/auth.entities.ts';
import { Currency, Language, Setting, TaxRate } from '../modules/settings/settings.entities.ts';
import {
  AddonGroup,
  Catalog,
  Package,
  PackagePrice,
  PackageTranslation,
  VariantGroup,
  PackageOptionGroup,
  PackageOptionPrice,
  VariantOption,
  VariantOptionPrice,
  WelcomeEmail,
} from '../modules/catalog/catalog.entities.ts';
import { PluginInstance } from '../modules/plugins/plugins.entities.ts';
import { Client, CreditEntry, PasswordToken } from '../modules/clients/clients.entities.ts';
import { Order, OrderLine } from '../modules/orders/orders.entities.ts';
import { Coupon, CouponAmount, CouponUse, ServiceCoupon } from '../modules/coupons/coupons.entities.ts';
import { StockReservation } from '../modules/inventory/inventory.entities.ts';
import { CreditNote, DocumentSequence, Invoice, InvoiceLine, Payment } from '../modules/invoicing/invoicing.entities.ts';
import {
  ChargeAttempt,
  GatewayCustomer,
  GatewayEvent,
  PaymentDispute,
  PaymentGatewaySetting,
  SavedCard,
} from '../modules/payments/payments.entities.ts';
import { Service, ServiceEvent, ServiceTurn } from '../modules/services/services.entities.ts';
import { OutboxMessage } from '../modules/outbox/outbox.entities.ts';
import { MailMessage } from '../modules/mail/mail.entities.ts';
import { DevInboxMessage } from '../modules/mail/dev-inbox.entities.ts';
import { MessageTemplate } from '../modules/notices/notices.entities.ts';
import { BillingRun, BillingRunBatch, BillingRunFailure, ServicePeriod } from '../modules/billing/billing.entities.ts';
import { ServiceChange } from '../modules/scaling/scaling.entities.ts';
import { Cart, CartLine } from '../modules/store/store.entities.ts';

export const entities = [
  AuditEntry,
  Staff,
  StaffInvite,
  ApiToken,
  Session,
  LoginThrottle,
  Setting,
  Currency,
  Language,
  TaxRate,
  Catalog,
  AddonGroup,
  Package,
  PackagePrice,
  PackageTranslation,
  VariantGroup,
  PackageOptionGroup,
  PackageOptionPrice,
  VariantOption,
  VariantOptionPrice,
  WelcomeEmail,
  PluginInstance,
  Client,
  PasswordToken,
  CreditEntry,
  Order,
  OrderLine,
  Coupon,
  CouponAmount,
  CouponUse,
  ServiceCoupon,
  StockReservation,
  Invoice,
  InvoiceLine,
  Payment,
  CreditNote,
  DocumentSequence,
  PaymentGatewaySetting,
  GatewayCustomer,
  SavedCard,
  GatewayEvent,
  ChargeAttempt,
  PaymentDispute,
  Service,
  ServiceEvent,
  ServiceTurn,
  OutboxMessage,
  MailMessage,
  DevInboxMessage,
  MessageTemplate,
  ServicePeriod,
  BillingRun,
  BillingRunBatch,
  BillingRunFailure,
  ServiceChange,
  Cart,
  CartLine,
];
