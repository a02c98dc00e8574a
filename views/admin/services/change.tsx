import type { ChangePagePreview } from '../../../src/modules/scaling/preview-change-page.ts';
import type { ServiceChangeSummary } from '../../../src/modules/scaling/load-service-change-summary.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { ChangePageBody, PendingChangeNotice } from '../../components/change-preview.tsx';

const invoiceHref = (id: number) => `/admin/invoices/${id}`;

/** The service page's link to the change page (staff who may write), beside the other actions. */
export function ChangePackageLink(props: { serviceId: number; change?: ServiceChangeSummary; canWrite: boolean }) {
  if (!props.canWrite || !props.change?.canChange) return null;
  return (
    <a class="button" href={`/admin/services/${props.serviceId}/change`}>
      Change package
    </a>
  );
}

/** A change confirmed but unpaid, on the staff service page. */
export function PendingChange(props: { change?: ServiceChangeSummary }) {
  const pending = props.change?.pending;
  return pending ? <PendingChangeNotice pending={pending} invoiceHref={invoiceHref} /> : null;
}

/** Staff move a client's service to another package: the same choices, preview and confirmation the client has. */
export function ServiceChangePage(props: PageProps & ChangePagePreview) {
  const s = props.page.service;
  return (
    <AdminLayout {...props} title={`Change package of service #${s.id}`} active="services">
      <ChangePageBody
        {...props}
        base={`/admin/services/${s.id}/change`}
        csrfToken={props.csrfToken ?? null}
        crumbs={[
          { href: '/admin/services', label: 'Services' },
          { href: `/admin/services/${s.id}`, label: `Service #${s.id}` },
        ]}
        who={s.clientName}
        intro="The next due date stays. A positive total is invoiced to the client and the change applies once it is paid; a credit goes to the client’s balance at once."
        invoiceHref={invoiceHref}
      />
    </AdminLayout>
  );
}
